package dev.unfreeze.training.api;

/** What an export writes. */
public enum ExportFormat implements Choice {
    /** A folder that plain DJL loads with {@code Criteria.optModelPath}, Python with TorchScript, and Unfreeze as a base model. */
    DJL,
    /** One ONNX file with the whole network, for ONNX Runtime and every runtime that reads ONNX. */
    ONNX
}
