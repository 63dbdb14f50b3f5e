package dev.unfreeze.training.api;

import java.nio.file.Path;

/** Starts training runs. Implemented in process and, later, by a worker process. */
public interface TrainingService {

    /**
     * Starts a run in the background and returns at once.
     *
     * @param recipe what to train
     * @param runDirectory where the run keeps its recipe, events and checkpoints
     * @return a handle to follow and cancel the run
     */
    RunHandle start(Recipe recipe, Path runDirectory);

    /**
     * Continues an interrupted or stopped run from its last checkpoint.
     *
     * @param runDirectory a folder an earlier run wrote
     * @return a handle to follow and cancel the run
     */
    RunHandle resume(Path runDirectory);
}
