package dev.unfreeze.training.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A running (or finished) training run. */
public interface RunHandle {

    /** Every event of the run, from the start, to each subscriber. */
    Flow.Publisher<TrainingEvent> events();

    /** Completes with the terminal event: finished, failed or cancelled. */
    CompletableFuture<TrainingEvent> completion();

    /** Asks the run to stop after the current batch; the last checkpoint stays intact. */
    void cancel();

    /** Asks the run to wait before its next batch. */
    void pause();

    /** Lets a paused run continue. */
    void resume();

    /**
     * Lets the run finish on its own after this process exits, instead of stopping with it.
     *
     * @return whether the run can outlive this process (an in-process run cannot)
     */
    default boolean detach() {
        return false;
    }
}
