package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Turns a stream of "share done" numbers from slow set-up work into {@link TrainingEvent.Preparing}
 * events: the first at once, then at most one a second, and always the last (done). On 20,000
 * images, computing features takes minutes; without these the run would say nothing meanwhile.
 */
final class SetupProgress implements DoubleConsumer {
    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private final Consumer<TrainingEvent> events;
    private final String message;
    private long lastReport = Long.MIN_VALUE;
    private boolean finished;

    private SetupProgress(Consumer<TrainingEvent> events, String message) {
        this.events = events;
        this.message = message;
    }

    /** A reporter for one step of set-up, described in words. */
    static DoubleConsumer of(Consumer<TrainingEvent> events, String message) {
        return new SetupProgress(events, message);
    }

    /** May be called from several threads (decoding runs on all cores). */
    @Override
    public synchronized void accept(double fraction) {
        long now = System.nanoTime();
        boolean done = fraction >= 1;
        if (finished || !(done || lastReport == Long.MIN_VALUE || now - lastReport >= INTERVAL_NANOS)) {
            return;
        }
        finished = done;
        lastReport = now;
        events.accept(new TrainingEvent.Preparing(message, Math.min(1, fraction)));
    }
}
