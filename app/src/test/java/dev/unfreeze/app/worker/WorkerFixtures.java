package dev.unfreeze.app.worker;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Sample data and event helpers for the worker tests. */
final class WorkerFixtures {
    private WorkerFixtures() {}

    /** The repository's Fashion-MNIST sample (from the training module's shared test fixtures). */
    static Path sample() {
        return dev.unfreeze.training.TestData.fashionSample();
    }

    /** The standard small recipe: the bundled small CNN, gradual unfreezing, on the sample. */
    static Recipe recipe(int epochs) {
        return dev.unfreeze.training.TestData.smallCnnRecipe("gradual", epochs);
    }

    /** Collects every event; calls {@code onEvent} on the reading thread as they arrive. */
    static List<TrainingEvent> collect(RunHandle handle, Consumer<TrainingEvent> onEvent) throws Exception {
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        subscribe(handle.events(), e -> {
            events.add(e);
            onEvent.accept(e);
        });
        handle.completion().get(5, TimeUnit.MINUTES);
        return new ArrayList<>(events);
    }

    /** Every event a publisher sends until it completes (at most {@code minutes}). */
    static List<TrainingEvent> collect(Flow.Publisher<TrainingEvent> publisher, int minutes) throws Exception {
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        subscribe(publisher, events::add).get(minutes, TimeUnit.MINUTES);
        return new ArrayList<>(events);
    }

    /** Subscribes for every event; the future completes with the stream. */
    static CompletableFuture<Void> subscribe(Flow.Publisher<TrainingEvent> publisher, Consumer<TrainingEvent> onEvent) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(TrainingEvent item) {
                onEvent.accept(item);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        return done;
    }

    static List<TrainingEvent> collect(RunHandle handle) throws Exception {
        return collect(handle, e -> { });
    }

    /** The live child processes of this JVM. */
    static List<ProcessHandle> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }

    /** The run's start: the first {@link TrainingEvent.RunStarted} (progress of its set-up comes before it). */
    static TrainingEvent.RunStarted started(List<TrainingEvent> events) {
        return events.stream().filter(TrainingEvent.RunStarted.class::isInstance).map(TrainingEvent.RunStarted.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("the run never started: " + events));
    }
}
