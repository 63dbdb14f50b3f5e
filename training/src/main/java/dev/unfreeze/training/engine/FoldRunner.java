package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.runs.Folders;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Trains the plan search's candidates on its folds, one ordinary run per candidate and fold. */
final class FoldRunner {
    private final TrainingService candidates;
    private final Path scratch;
    private final RunControl control;
    private final Consumer<String> progress;

    /**
     * @param candidates the service that trains each run (in the worker: a process per run)
     * @param scratch where the runs' folders go while they run (removed afterwards)
     * @param progress told each finished epoch, in words
     */
    FoldRunner(TrainingService candidates, Path scratch, RunControl control, Consumer<String> progress) {
        this.candidates = candidates;
        this.scratch = scratch;
        this.control = control;
        this.progress = progress;
    }

    /**
     * What a candidate scored on a fold's held-out images at the end of its run.
     *
     * @param predictions its prediction for every held-out image
     */
    record Result(double accuracy, double loss, List<ValidationPrediction> predictions) {}

    /** An image's key in the per-image results: its absolute, normalised path. */
    static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /**
     * Trains one candidate on one fold as an ordinary run on a manifest of the fold's images (its
     * training part and its held-out part), through the candidates' training service: in the
     * worker that is a process of its own per fold, so that a native fault or the engine's per-run
     * leaks in one candidate cannot take the search down.
     */
    Result train(List<String> classes, List<Sample> samples, int[] kept, int[] held, Recipe recipe, String label,
            String folderName) throws Exception {
        Path dir = scratch.resolve(folderName);
        Files.createDirectories(dir);
        Path manifest = dir.resolve("fold.csv");
        StringBuilder csv = new StringBuilder("path,label,split\n");
        for (int[] part : List.of(kept, held)) {
            for (int i : part) {
                csv.append('"').append(samples.get(i).file().toAbsolutePath().toString().replace("\"", "\"\""))
                        .append("\",\"").append(classes.get(samples.get(i).label()).replace("\"", "\"\"")).append("\",")
                        .append(part == kept ? "train" : "val").append('\n');
            }
        }
        Files.writeString(manifest, csv);
        Recipe.Data data = recipe.data();
        Recipe foldRecipe = recipe.withData(new Recipe.Data(manifest.toString(), null, data.valFraction(), data.imageSize(), null));
        try {
            RunHandle handle = candidates.start(foldRecipe, dir.resolve("run"));
            handle.events().subscribe(new Forwarder(event -> {
                if (event instanceof TrainingEvent.EpochDone e) {
                    progress.accept(String.format(Locale.ROOT, "%s: epoch %d of %d, validation accuracy %.3f", label,
                            e.epoch() + 1, recipe.epochs(), e.valAccuracy()));
                }
            }));
            TrainingEvent last = awaitOrCancel(handle);
            if (last instanceof TrainingEvent.Cancelled) {
                throw new CancellationException("cancelled during the plan search");
            }
            if (last instanceof TrainingEvent.Failed f) {
                throw new UnfreezeException(label + " failed: " + f.message());
            }
            TrainingEvent.Finished finished = (TrainingEvent.Finished) last;
            return new Result(finished.bestValAccuracy(), finished.bestValLoss(),
                    new RunFolder(dir.resolve("run")).predictions());
        } finally {
            Folders.deleteTree(dir);
        }
    }

    /** Waits for a candidate's run, passing a cancel of the search on to it. */
    private TrainingEvent awaitOrCancel(RunHandle handle) throws Exception {
        while (true) {
            try {
                return handle.completion().get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (control.cancelled()) {
                    handle.cancel();
                }
            }
        }
    }

    /** Hands a candidate run's events to a consumer. */
    private record Forwarder(Consumer<TrainingEvent> consumer) implements Flow.Subscriber<TrainingEvent> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(TrainingEvent item) {
            try {
                consumer.accept(item);
            } catch (CancellationException e) {
                // the search notices the cancel itself
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // the completion reports the failure
        }

        @Override
        public void onComplete() {
            // the completion carries the last event
        }
    }
}
