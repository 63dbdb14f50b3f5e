package dev.unfreeze.ui.shared;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Hands a run's events to the UI thread without flooding it: batch events are gathered and
 * delivered together at most about ten times a second; every other event is delivered in order,
 * after the batches that came before it.
 */
public final class FxEventBridge implements Flow.Subscriber<TrainingEvent> {
    private static final long BATCH_INTERVAL_NANOS = 100_000_000;

    private final Executor uiThread;
    private final Consumer<List<TrainingEvent>> deliver;
    private final List<TrainingEvent> pending = new ArrayList<>();
    private long lastDelivery;

    /**
     * Creates the bridge.
     *
     * @param uiThread runs a task on the UI thread ({@code Platform::runLater}; tests pass a direct executor)
     * @param deliver receives events in order, on the UI thread
     */
    public FxEventBridge(Executor uiThread, Consumer<List<TrainingEvent>> deliver) {
        this.uiThread = uiThread;
        this.deliver = deliver;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(TrainingEvent event) {
        List<TrainingEvent> ready;
        synchronized (pending) {
            pending.add(event);
            long now = System.nanoTime();
            if (event instanceof TrainingEvent.BatchDone && now - lastDelivery < BATCH_INTERVAL_NANOS) {
                return;
            }
            lastDelivery = now;
            ready = new ArrayList<>(pending);
            pending.clear();
        }
        uiThread.execute(() -> deliver.accept(ready));
    }

    @Override
    public void onError(Throwable throwable) {
        uiThread.execute(() -> deliver.accept(List.of(new TrainingEvent.Failed(
                "the connection to the training process broke: " + throwable.getMessage(), String.valueOf(throwable)))));
    }

    @Override
    public void onComplete() {
        List<TrainingEvent> ready;
        synchronized (pending) {
            ready = new ArrayList<>(pending);
            pending.clear();
        }
        if (!ready.isEmpty()) {
            uiThread.execute(() -> deliver.accept(ready));
        }
    }
}
