package dev.unfreeze.ui.shared;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.Locale;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The one line that says how a run goes: what it prepares, where it trains, how long is left, how it ended. */
final class ProgressLine {
    private final StringProperty text = new SimpleStringProperty("Not started.");
    /** The last notice of the run (how it goes on), kept beside the line. */
    private String notice;
    /** The best weights on the dataset's test part, once reported (just before the end). */
    private TrainingEvent.TestEvaluated test;
    /** Whether the automatic plan's folds scored the plan it chose, which a run without held-out images then cites. */
    private boolean foldsScoredThePlan;
    /** Said after how the run ended, when it did not learn its training images. */
    private TrainingEvent.NotLearned notLearned;
    /** Whether the run has begun training: the search's progress after that scores the finished model. */
    private boolean trainingStarted;
    private int epochs;
    private int batchesPerEpoch;
    private long trainImages;

    StringProperty textProperty() {
        return text;
    }

    /** Forgets the previous run. */
    void reset() {
        trainingStarted = false;
        notice = null;
        test = null;
        foldsScoredThePlan = false;
        notLearned = null;
        text.set("Starting the training process (the very first start also unpacks the engine, about 15 s)...");
    }

    /** Updates the line with an event, in order. */
    void accept(TrainingEvent e) {
        if (e instanceof TrainingEvent.PlanProgress p && trainingStarted) {
            text.set("The model is ready; scoring it on the held-out folds: " + p.message());
        } else if (e instanceof TrainingEvent.PlanProgress p) {
            text.set(String.format(Locale.ROOT, "Finding the best plan (%.0f%% of its budget): %s", 100 * p.fraction(),
                    p.message()));
        } else if (e instanceof TrainingEvent.PlanChosen c) {
            foldsScoredThePlan = c.report().chosenWasScored();
        } else if (e instanceof TrainingEvent.Preparing p) {
            text.set(String.format(Locale.ROOT, "%s (%.0f%%)...", p.message(), 100 * p.fraction()));
        } else if (e instanceof TrainingEvent.Notice n) {
            notice = n.message();
            text.set(notice);
        } else if (e instanceof TrainingEvent.RunStarted s) {
            trainingStarted = true;
            epochs = s.epochs();
            batchesPerEpoch = s.batchesPerEpoch();
            trainImages = s.trainImages();
            text.set(String.format(Locale.ROOT, "Training on %s: %d images, %d classes.%s", s.device(), s.trainImages(),
                    s.classes().size(), notice == null ? "" : " " + notice));
        } else if (e instanceof TrainingEvent.BatchDone b) {
            long remaining = (long) (epochs - b.epoch()) * batchesPerEpoch - b.batch() - 1;
            double imagesPerBatch = (double) trainImages / Math.max(1, batchesPerEpoch);
            double eta = b.imagesPerSecond() > 0 ? remaining * imagesPerBatch / b.imagesPerSecond() : 0;
            text.set(String.format(Locale.ROOT, "Epoch %d of %d, batch %d of %d, %.1f images/s%s, about %s left.",
                    b.epoch() + 1, epochs, b.batch() + 1, batchesPerEpoch, b.imagesPerSecond(),
                    b.cachedFeatures() ? " (cached features)" : "", duration(eta)));
        } else if (e instanceof TrainingEvent.TestEvaluated t) {
            test = t;
        } else if (e instanceof TrainingEvent.NotLearned n) {
            notLearned = n;
        } else if (e instanceof TrainingEvent.Finished f && Double.isNaN(f.bestValLoss())) {
            text.set(String.format(Locale.ROOT, "Finished after %s, trained on every image (%s)%s.%s",
                    epochPhrase(f.epochsRun()), foldsScoredThePlan ? "the plan's folds estimated its accuracy"
                            : "no image was held out to estimate its accuracy", onTest(), didNotLearn()));
        } else if (e instanceof TrainingEvent.Finished f) {
            text.set(String.format(Locale.ROOT, "Finished after %s: best validation accuracy %.1f%% (epoch %d)%s.%s",
                    epochPhrase(f.epochsRun()), 100 * f.bestValAccuracy(), f.bestEpoch() + 1, onTest(), didNotLearn()));
        } else if (e instanceof TrainingEvent.Cancelled c) {
            text.set("Cancelled in epoch " + (c.epoch() + 1) + ". The last checkpoint is kept.");
        } else if (e instanceof TrainingEvent.Failed f) {
            text.set(f.message());
        }
    }

    private String onTest() {
        return test == null ? "" : String.format(Locale.ROOT, "; on the %d held-out test images %.1f%%", test.images(),
                100 * test.accuracy());
    }

    private String didNotLearn() {
        return notLearned == null ? "" : " " + notLearned.message();
    }

    private static String epochPhrase(int count) {
        return count == 1 ? "1 epoch" : count + " epochs";
    }

    private static String duration(double seconds) {
        if (seconds < 90) {
            return Math.round(seconds) + " s";
        }
        return Math.round(seconds / 60) + " min";
    }
}
