package dev.unfreeze.training.runs;

import java.util.List;

/**
 * What a run was set up with, so it can be resumed, exported and reproduced.
 *
 * @param classes class names in label order
 * @param model the base model's id
 * @param modelLocation where the base model was loaded from
 * @param lineage the base model's own lineage, oldest first
 * @param datasetRoot the dataset folder
 * @param datasetFingerprint hash over paths, sizes and labels
 * @param trainFiles the training files, relative to the dataset folder (absolute when outside it)
 * @param valFiles the validation files, relative to the dataset folder (absolute when outside it)
 * @param featureDimension the backbone's feature size
 * @param imageSize the input size used
 * @param trainLabels the class index of each training file (null in runs that label by folder name)
 * @param valLabels the class index of each validation file (null as above)
 * @param testFiles the test files the dataset set apart (null or empty when it has none)
 * @param testLabels the class index of each test file
 */
public record RunInfo(
        List<String> classes,
        String model,
        String modelLocation,
        List<String> lineage,
        String datasetRoot,
        String datasetFingerprint,
        List<String> trainFiles,
        List<String> valFiles,
        int featureDimension,
        int imageSize,
        List<Integer> trainLabels,
        List<Integer> valLabels,
        List<String> testFiles,
        List<Integer> testLabels) {}
