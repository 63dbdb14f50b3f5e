package dev.unfreeze.training.data;

import java.nio.file.Path;

/**
 * A file that a dataset source lists, with the class its source gives it. It may yet turn out not to
 * be a readable image.
 *
 * @param file the file
 * @param label the class name
 * @param split the part of the dataset the source puts it in
 */
public record LabelledFile(Path file, String label, Split split) {}
