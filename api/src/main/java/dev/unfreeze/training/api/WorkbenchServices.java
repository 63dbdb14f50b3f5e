package dev.unfreeze.training.api;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.DoubleConsumer;

/**
 * What the workbench needs besides training, behind an interface so that the window's process
 * never loads the native engine: the application implements each call in a helper process or with
 * plain file access. Every method may block; callers run them off the UI thread.
 */
public interface WorkbenchServices {

    /** The models the catalog offers. */
    List<ModelInfo> models();

    /** Adds a TorchScript file to the catalog (probing it for its feature size) and returns its entry. */
    ModelInfo importModel(Path torchScriptFile);

    /**
     * Downloads a TorchScript file from a URL (once; a {@code #sha256=} ending is checked), adds it
     * to the catalog and returns its entry.
     *
     * @param progress the share downloaded (0 to 1), or -1 while the size is unknown
     */
    ModelInfo importModelFromUrl(String url, DoubleConsumer progress);

    /** A model's layer groups (the head for {@code classes} classes last). */
    ModelLayout inspect(String model, int classes);

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
     * Exports a finished run's best model into a new folder.
     *
     * @param half with {@link ExportFormat#ONNX}, also a copy with float16 weights
     */
    Path export(Path runDirectory, Path target, ExportFormat format, boolean half);

    /** The runs in the runs folder, newest first. */
    List<PastRun> pastRuns();

    /** The events of a run that a training process left running, from its start until it ends. */
    Flow.Publisher<TrainingEvent> follow(Path runDirectory);

    /**
     * The most likely classes of an image under a run's best model (exported for the preview if the
     * run has no export yet), best first.
     */
    List<Prediction> predict(Path runDirectory, Path image);

    /**
     * Where a run's best model looks on an image for a class, as pictures: a heat map by Grad-CAM where the network
     * allows it, by occlusion otherwise. Takes a second (Grad-CAM) or several (occlusion).
     *
     * @param className the class to explain, or null for the predicted one
     */
    Explanation explain(Path runDirectory, Path image, String className);

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

    /** The best epoch's prediction for each validation image of a run (empty before its first epoch). */
    List<ValidationPrediction> validationPredictions(Path runDirectory);

    /** The text of an exported model's card ({@code MODEL_CARD.md}). */
    String modelCard(Path exportedModel);

    /** The files an export wrote, as its model card lists them, with their sizes. */
    List<ExportedFile> exportedFiles(Path exportedModel);

    /** Whether the native engine still has to be unpacked (the very first start, about 15 seconds). */
    boolean engineNeedsUnpacking();

    /** How much of the engine's first unpacking is done (0 to 1), or -1 when it cannot be told. */
    double engineUnpackProgress();

    /** Which engine build training uses, such as "PyTorch 2.7.1, CPU build, no GPU". */
    String engineSummary();

    /**
     * How fast this computer trains a model (measured in a helper process the first time, then
     * remembered in the workspace; takes seconds to a minute the first time).
     */
    Throughput throughput(String model);

    /** The folder where new runs go. */
    Path runsFolder();

    /**
     * Runs the learning-rate range test for a recipe on a throwaway copy of its network (a helper
     * process: the window never loads the engine).
     */
    RateCurve findRate(Recipe recipe);
}
