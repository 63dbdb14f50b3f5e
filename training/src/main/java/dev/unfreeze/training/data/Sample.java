package dev.unfreeze.training.data;

import java.nio.file.Path;

/**
 * One labelled image file.
 *
 * @param file the image
 * @param label the class index
 */
public record Sample(Path file, int label) {}
