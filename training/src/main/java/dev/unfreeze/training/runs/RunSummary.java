package dev.unfreeze.training.runs;

import dev.unfreeze.training.api.PastRun;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunStatus;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A past run as rebuilt from its folder alone: what it trained, how far it got, how it ended and
 * its validation curve. This is how runs are listed after a restart.
 *
 * @param dir the run folder
 * @param model the base model
 * @param schedule the unfreeze schedule
 * @param fromScratch whether it is a from-scratch baseline
 * @param status how it ended, or that it is still running
 * @param message the failure's message, or null
 * @param epochsDone epochs with results
 * @param epochs epochs planned
 * @param bestValAccuracy the best validation accuracy so far, or NaN (also for a run without validation images)
 * @param valAccuracy validation accuracy per finished epoch (none for a run without validation images)
 * @param valLoss validation loss per finished epoch (none for a run without validation images)
 * @param resumable whether resuming continues it: from its last checkpoint, or from the beginning when it
 *     stopped before its first one
 */
public record RunSummary(
        Path dir,
        String model,
        String schedule,
        boolean fromScratch,
        RunStatus status,
        String message,
        int epochsDone,
        int epochs,
        double bestValAccuracy,
        List<Double> valAccuracy,
        List<Double> valLoss,
        boolean resumable) {

    /** Summarises one run folder. */
    public static RunSummary of(Path dir) {
        RunFolder folder = new RunFolder(dir);
        Recipe recipe = folder.recipe();
        List<TrainingEvent> events;
        try {
            events = folder.events();
        } catch (IOException e) {
            throw new UnfreezeException("cannot read the events of " + dir + ": " + e.getMessage(), e);
        }
        List<Double> accuracy = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        RunStatus status = RunStatus.INCOMPLETE;
        String message = null;
        boolean started = false;
        // a run that trains on every image scores no validation images: its epochs' 0 accuracy is no score
        boolean validated = true;
        int epochsDone = 0;
        for (TrainingEvent e : events) {
            if (e instanceof TrainingEvent.EpochDone d) {
                epochsDone++;
                if (validated) {
                    accuracy.add(d.valAccuracy());
                    loss.add(d.valLoss());
                }
            } else if (e instanceof TrainingEvent.Finished) {
                status = RunStatus.FINISHED;
            } else if (e instanceof TrainingEvent.Cancelled) {
                status = RunStatus.CANCELLED;
            } else if (e instanceof TrainingEvent.Failed f) {
                // a run that failed before it started training could not start (a dataset that cannot
                // train, a model that does not load): starting it again would fail the same way
                status = started ? RunStatus.INTERRUPTED : RunStatus.FAILED;
                message = f.message();
            } else if (e instanceof TrainingEvent.RunStarted r) {
                status = RunStatus.INCOMPLETE;
                message = null;
                started = true;
                validated = r.valImages() > 0;
            }
        }
        if (status == RunStatus.INCOMPLETE && folder.workerAlive()) {
            status = RunStatus.RUNNING;
        }
        double best = accuracy.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return new RunSummary(folder.dir(), recipe.model(), recipe.schedule().text(), recipe.fromScratch(), status, message,
                epochsDone, recipe.epochs(), best, accuracy, loss,
                status != RunStatus.FAILED && status != RunStatus.RUNNING && status != RunStatus.FINISHED
                        || Files.isRegularFile(folder.lastCheckpoint()));
    }

    /** The summary as the API shows it. */
    public PastRun toPastRun() {
        return new PastRun(dir.toString(), model, schedule, fromScratch, status, message, epochsDone,
                epochs, bestValAccuracy, valAccuracy, resumable);
    }

    /** Every run folder directly inside {@code runs}, newest first; folders that are not runs are skipped. */
    public static List<RunSummary> list(Path runs) {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<RunSummary> result = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("recipe.json")))
                    .sorted(Comparator.comparing(RunSummary::modified).reversed()).toList()) {
                try {
                    result.add(of(dir));
                } catch (UnfreezeException e) {
                    // A run folder damaged beyond reading is left out of the list, not fatal to it.
                }
            }
        } catch (IOException e) {
            throw new UnfreezeException("cannot list the runs in " + runs + ": " + e.getMessage(), e);
        }
        return result;
    }

    private static FileTime modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve("recipe.json"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
