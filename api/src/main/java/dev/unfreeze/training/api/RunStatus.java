package dev.unfreeze.training.api;

/** How a run stands, as its folder tells it; its word is what {@code runs} and the window show. */
public enum RunStatus implements Choice {
    /** It ended after its last epoch (or an early stop). */
    FINISHED,
    /** Someone cancelled it; its last checkpoint is kept. */
    CANCELLED,
    /** It failed or was killed while training. */
    INTERRUPTED,
    /** It failed before it could train (a dataset or a model it cannot use): starting it again fails the same way. */
    FAILED,
    /** Its worker process is still at it. */
    RUNNING,
    /** It stopped without saying why (no end in its events, no worker alive). */
    INCOMPLETE
}
