package dev.unfreeze.training.catalog;

import java.util.List;

/**
 * A TorchScript backbone's method that returns the pooled output of the last group of every stage, joined, its last
 * group's last: what a head on the frozen backbone reads. The bundled MobileNetV2's upper groups were tuned further on
 * a narrow photo task, and a linear probe on every stage scored above one on its last group on 39 of the quality
 * benchmark's 41 tasks and below it on none (docs/quality-benchmark.md, "A probe on every stage").
 *
 * @param method the TorchScript method's name
 * @param groups the groups whose pooled outputs it joins, input side first
 * @param dimension the length of the joined vector
 * @param onnx the method's ONNX twin in the model's folder (as {@link ModelMetadata#onnx()} is the backbone's), or
 *     null when it has none
 */
public record StageFeatures(String method, List<String> groups, int dimension, String onnx) {
    public StageFeatures {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
