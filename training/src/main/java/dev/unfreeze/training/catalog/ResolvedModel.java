package dev.unfreeze.training.catalog;

import dev.unfreeze.training.api.ModelInfo;
import java.nio.file.Path;

/**
 * A model ready to load: its catalog entry, metadata and the weights file on local disk.
 *
 * @param info what the catalog shows
 * @param metadata architecture and preprocessing
 * @param weights the local weights file
 */
public record ResolvedModel(ModelInfo info, ModelMetadata metadata, Path weights) {}
