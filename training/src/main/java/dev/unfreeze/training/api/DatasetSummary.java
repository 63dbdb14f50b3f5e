package dev.unfreeze.training.api;

import java.util.List;

/**
 * What a dataset folder holds, as the workbench shows it before training.
 *
 * @param root the folder
 * @param classes class names, sorted
 * @param imagesPerClass training images per class, in class order
 * @param validationImages images in a separate validation folder (0 when the split is made by Unfreeze)
 * @param samplesPerClass a few image files per class, for thumbnails
 */
public record DatasetSummary(String root, List<String> classes, List<Integer> imagesPerClass, int validationImages,
        List<List<String>> samplesPerClass) {

    /** All training images. */
    public int trainingImages() {
        return imagesPerClass.stream().mapToInt(Integer::intValue).sum();
    }
}
