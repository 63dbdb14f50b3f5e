package dev.unfreeze.training.engine;

/**
 * The requests a running loop honours between batches: pause, resume and cancel. Requests come
 * from any thread; the loop thread checks them before every step.
 */
public final class RunControl {
    private boolean paused;
    private boolean cancelled;

    /** Asks the loop to stop after the current batch. */
    /** Whether cancelling was asked for. */
    public synchronized boolean cancelled() {
        return cancelled;
    }

    public synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    /** Asks the loop to wait before its next batch until resumed or cancelled. */
    public synchronized void pause() {
        paused = true;
    }

    /** Lets a paused loop continue. */
    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /**
     * Blocks while paused; returns whether the run should stop.
     *
     * @throws InterruptedException when the training thread is interrupted while paused
     */
    synchronized boolean awaitGoAhead() throws InterruptedException {
        while (paused && !cancelled) {
            wait();
        }
        return cancelled;
    }
}
