package dev.unfreeze.training.api;

/**
 * A file an export wrote.
 *
 * @param name its name in the export folder
 * @param bytes its size
 * @param description what it is, as the model card says
 */
public record ExportedFile(String name, long bytes, String description) {}
