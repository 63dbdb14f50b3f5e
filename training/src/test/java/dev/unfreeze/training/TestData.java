package dev.unfreeze.training;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.engine.InProcessTrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** The repository's sample data and small helpers shared by the engine tests. */
public final class TestData {
    private TestData() {}

    /** The repository's {@code assets/} folder, found from the working directory upwards. */
    public static Path assets() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("assets/models/index.txt"))) {
                return dir.resolve("assets");
            }
        }
        throw new IllegalStateException("cannot find the repository's assets folder");
    }

    /** 20 images of each of Fashion-MNIST's classes 5-9, in class folders. */
    public static Path fashionSample() {
        return assets().resolve("samples/fashion-mnist-5-9");
    }

    /** 50 test-set images of each of Fashion-MNIST's classes 5-9, never trained on. */
    public static Path fashionHeldOut() {
        return assets().resolve("samples/fashion-mnist-5-9-heldout");
    }

    /** A recipe for the small bundled CNN on the Fashion-MNIST sample. */
    public static Recipe smallCnnRecipe(String schedule, int epochs) {
        return Recipe.builder()
                .setModel("fashion_cnn")
                .setData(fashionSample().toString())
                .optSchedule(Schedule.parse(schedule))
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

    /** A service over a catalog in the given workspace. */
    public static InProcessTrainingService service(Path workspace) {
        return new InProcessTrainingService(new ModelCatalog(new Workspace(workspace)));
    }

    /** Every event of a run, collected until it ends (at most ten minutes). */
    public static List<TrainingEvent> runToEnd(RunHandle handle) throws Exception {
        return runToEnd(handle, e -> { });
    }

    /** As above, handing each event to {@code onEach} as it arrives (to act on the run mid-way). */
    public static List<TrainingEvent> runToEnd(RunHandle handle, java.util.function.Consumer<TrainingEvent> onEach)
            throws Exception {
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        handle.events().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(TrainingEvent item) {
                events.add(item);
                onEach.accept(item);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        });
        handle.completion().get(10, TimeUnit.MINUTES);
        return new ArrayList<>(events);
    }

    /** A manifest in {@code dir} of the bundled sample to train on and its 250 held-out images as the test part. */
    public static Path sampleWithTestPart(Path dir) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("path,label,split\n");
        for (var part : List.of(java.util.Map.entry(fashionSample(), "train"), java.util.Map.entry(fashionHeldOut(), "test"))) {
            try (var files = java.nio.file.Files.walk(part.getKey())) {
                for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                    csv.append('"').append(f).append("\",\"").append(f.getParent().getFileName()).append("\",")
                            .append(part.getValue()).append('\n');
                }
            }
        }
        Path manifest = dir.resolve("sample-and-heldout.csv");
        java.nio.file.Files.writeString(manifest, csv);
        return manifest;
    }

    /** A manifest in {@code dir} of the first {@code perClass} images of each class of the bundled sample. */
    public static Path samplePerClass(Path dir, int perClass) throws java.io.IOException {
        return samplePerClass(dir, perClass, Integer.MAX_VALUE);
    }

    /** The same, from the first {@code classCount} classes only. */
    public static Path samplePerClass(Path dir, int perClass, int classCount) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("path,label\n");
        try (var classes = java.nio.file.Files.list(fashionSample())) {
            for (Path c : classes.filter(java.nio.file.Files::isDirectory).sorted().limit(classCount).toList()) {
                try (var files = java.nio.file.Files.list(c)) {
                    for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().limit(perClass).toList()) {
                        csv.append('"').append(f).append("\",\"").append(c.getFileName()).append("\"\n");
                    }
                }
            }
        }
        Path manifest = dir.resolve("sample-" + perClass + "-a-class" + (classCount == Integer.MAX_VALUE ? ""
                : "-" + classCount + "-classes") + ".csv");
        java.nio.file.Files.writeString(manifest, csv);
        return manifest;
    }

    /** The run's start: the first {@link TrainingEvent.RunStarted} (progress of its set-up comes before it). */
    public static TrainingEvent.RunStarted started(List<TrainingEvent> events) {
        return events.stream().filter(TrainingEvent.RunStarted.class::isInstance).map(TrainingEvent.RunStarted.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("the run never started: " + events));
    }
}
