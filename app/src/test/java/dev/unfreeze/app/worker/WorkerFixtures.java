package dev.unfreeze.app.worker;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Files;
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

    static Path sample() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("assets/samples/fashion-mnist-5-9"))) {
                return dir.resolve("assets/samples/fashion-mnist-5-9");
            }
        }
        throw new IllegalStateException("no assets/samples above the working directory");
    }

    static Recipe recipe(int epochs) {
        return Recipe.builder()
                .setModel("fashion_cnn")
                .setData(sample().toString())
                .optSchedule("gradual")
                .optLearningRate(new Recipe.LearningRate(0.003, Recipe.LearningRate.Schedule.COSINE,
                        Recipe.LearningRate.Discriminative.NONE, null))
                .optOptimizer(new Recipe.Optimizer(Recipe.Optimizer.Type.ADAM, 0.9, 0))
                .optEpochs(epochs)
                .optBatchSize(16)
                .optBatchNorm(Recipe.BatchNorm.FROZEN_STATS)
                .optAugmentation(Recipe.Augmentation.NONE)
                .optEarlyStopping(null)
                .optSeed(42)
                .optDevice(Recipe.Device.CPU)
                .build();
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
