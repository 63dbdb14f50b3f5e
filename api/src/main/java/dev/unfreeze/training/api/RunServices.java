package dev.unfreeze.training.api;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The runs: where they go, the past ones, one left running, and what a finished run's model answers. Every method
 * may block; callers run them off the UI thread.
 */
public interface RunServices {
    /** The folder where new runs go. */
    Path runsFolder();

    /** The runs in the runs folder, newest first. */
    List<PastRun> pastRuns();

    /** The events of a run that a training process left running, from its start until it ends. */
    Flow.Publisher<TrainingEvent> follow(Path runDirectory);

    /** The best epoch's prediction for each validation image of a run (empty before its first epoch). */
    List<ValidationPrediction> validationPredictions(Path runDirectory);

    /** The final weights' prediction for each image of the dataset's own test part (empty when it has none). */
    List<ValidationPrediction> testPredictions(Path runDirectory);

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
     * Runs the learning-rate range test for a recipe on a throwaway copy of its network (a helper
     * process: the window never loads the engine).
     */
    RateCurve findRate(Recipe recipe);
}
