package dev.unfreeze.training.api;

import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * What the window shows of a dataset: the report of every file, thumbnails, augmented samples and how far the
 * images are from a model's own data. Every method may block; callers run them off the UI thread.
 */
public interface DatasetServices {
    /**
     * Reads every file of a dataset and reports what will train: one folder, archive or manifest,
     * or several image files and folders dropped together.
     *
     * @param progress the share of files read so far (0 to 1), called from background threads
     */
    DatasetReport inspectDataset(List<Path> dropped, DoubleConsumer progress);

    /**
     * A small picture of an image for the thumbnail grid, made once and cached in the workspace
     * (upright, in any format the engine reads), or null when the image cannot be read.
     */
    Path thumbnail(Path image);

    /**
     * Each image as training would feed it to the model: decoded and resized for its input and augmented with one
     * draw of {@code settings} (the same seed, the same draw), as a picture file; null for an image that cannot be
     * read. Takes a second or two.
     */
    List<Path> augmentationPreview(String model, int imageSize, Recipe.Augmentation settings, List<Path> images, long seed);

    /**
     * How far a dataset's images are from what each backbone group of a model was trained on: for each group, input
     * to output, its BatchNorm statistics against the same layers' statistics on a few of the images (0 the same, 1
     * nothing alike; NaN for a group without BatchNorm). Takes seconds.
     */
    List<Double> statisticsShift(String model, String datasetLocation);
}
