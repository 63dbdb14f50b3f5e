package dev.unfreeze.training.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a training run reports, in order. Every event is a plain record so that the in-process
 * service and a worker process emit the same stream (one JSON line per event).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TrainingEvent.RunStarted.class, name = "run-started"),
    @JsonSubTypes.Type(value = TrainingEvent.BatchDone.class, name = "batch"),
    @JsonSubTypes.Type(value = TrainingEvent.GroupThawed.class, name = "group-thawed"),
    @JsonSubTypes.Type(value = TrainingEvent.EpochDone.class, name = "epoch"),
    @JsonSubTypes.Type(value = TrainingEvent.CheckpointSaved.class, name = "checkpoint"),
    @JsonSubTypes.Type(value = TrainingEvent.TestEvaluated.class, name = "test"),
    @JsonSubTypes.Type(value = TrainingEvent.Finished.class, name = "finished"),
    @JsonSubTypes.Type(value = TrainingEvent.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = TrainingEvent.Cancelled.class, name = "cancelled"),
    @JsonSubTypes.Type(value = TrainingEvent.PlanProgress.class, name = "plan-progress"),
    @JsonSubTypes.Type(value = TrainingEvent.PlanChosen.class, name = "plan-chosen"),
    @JsonSubTypes.Type(value = TrainingEvent.ModelReady.class, name = "model-ready"),
    @JsonSubTypes.Type(value = TrainingEvent.PlanScores.class, name = "plan-scores"),
    @JsonSubTypes.Type(value = TrainingEvent.Notice.class, name = "notice"),
    @JsonSubTypes.Type(value = TrainingEvent.NotLearned.class, name = "not-learned"),
    @JsonSubTypes.Type(value = TrainingEvent.TemperatureFitted.class, name = "temperature-fitted"),
    @JsonSubTypes.Type(value = TrainingEvent.Preparing.class, name = "preparing")
})
public sealed interface TrainingEvent {

    /** Whether the run ends with this event. */
    default boolean terminal() {
        return false;
    }

    /**
     * The run is set up and about to train.
     *
     * @param device where it trains, such as {@code cpu()} or {@code gpu(0)}
     * @param startEpoch the first epoch to run (not 0 when resuming)
     * @param datasetWarnings the dataset report's warnings, in words (files skipped, duplicates,
     *     imbalance), empty when there are none or when resuming
     */
    record RunStarted(
            String model,
            String device,
            List<String> classes,
            List<String> groups,
            long trainImages,
            long valImages,
            int epochs,
            int startEpoch,
            int batchesPerEpoch,
            List<String> datasetWarnings)
            implements TrainingEvent {
        public RunStarted {
            datasetWarnings = datasetWarnings == null ? List.of() : List.copyOf(datasetWarnings);
        }
    }

    /**
     * One optimiser step finished.
     *
     * @param learningRate the head's rate in this step
     * @param groupRates each backbone group's rate in this step (input to output, as {@link RunStarted#groups()}),
     *     null for a group that is frozen; empty where not reported (a linear probe, logs of older versions)
     */
    record BatchDone(
            int epoch, int batch, long step, double loss, double learningRate, double imagesPerSecond, boolean cachedFeatures,
            List<Double> groupRates)
            implements TrainingEvent {
        public BatchDone {
            groupRates = groupRates == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(groupRates)); // nulls allowed
        }

        /** A step without group rates (the head alone trains, or they are not known). */
        public BatchDone(int epoch, int batch, long step, double loss, double learningRate, double imagesPerSecond,
                boolean cachedFeatures) {
            this(epoch, batch, step, loss, learningRate, imagesPerSecond, cachedFeatures, List.of());
        }
    }

    /** A backbone group starts training at the beginning of this epoch. */
    record GroupThawed(int epoch, int group, String name) implements TrainingEvent {}

    /**
     * An epoch finished and was evaluated on the validation images.
     *
     * @param confusion rows are true classes, columns predicted classes
     */
    record EpochDone(
            int epoch,
            double trainLoss,
            double trainAccuracy,
            double valLoss,
            double valAccuracy,
            List<ClassMetrics> perClass,
            int[][] confusion,
            long trainableParameters,
            double seconds)
            implements TrainingEvent {}

    /** A checkpoint was written. */
    record CheckpointSaved(int epoch, String path, boolean best) implements TrainingEvent {}

    /**
     * The best epoch's weights evaluated on the test images the dataset set apart (sent just before
     * {@link Finished}, only when the dataset has a test part). They were never used to choose
     * anything, so this is the honest estimate.
     *
     * @param epoch the epoch whose weights were evaluated (the best one)
     * @param confusion rows are true classes, columns predicted classes
     */
    record TestEvaluated(int epoch, int images, double accuracy, double loss, List<ClassMetrics> perClass,
            int[][] confusion) implements TrainingEvent {}

    /** The run ended normally (all epochs, or early stopping). */
    record Finished(int epochsRun, double bestValAccuracy, double bestValLoss, int bestEpoch, boolean stoppedEarly)
            implements TrainingEvent {
        @Override
        public boolean terminal() {
            return true;
        }
    }

    /** The run ended with an error. */
    record Failed(String message, String detail) implements TrainingEvent {
        @Override
        public boolean terminal() {
            return true;
        }
    }

    /** The run was cancelled between batches. */
    record Cancelled(int epoch, int batch) implements TrainingEvent {
        @Override
        public boolean terminal() {
            return true;
        }
    }

    /**
     * The automatic plan's search is under way (it comes before {@link RunStarted}; after the final run only while
     * the chosen plan is scored on folds put after its model, {@link ModelReady}).
     *
     * @param message what it is doing, in words
     * @param fraction the share of the search's budget spent, 0 to 1
     */
    record PlanProgress(String message, double fraction) implements TrainingEvent {}

    /**
     * The automatic plan's leaderboard so far, each time a candidate has a new score during the search.
     *
     * @param report the candidates with the scores they have; {@code chosen} and {@code reason} are null while the
     *     search goes on, and the plan's own while it is scored on folds put after its model
     */
    record PlanScores(PlanReport report) implements TrainingEvent {}

    /**
     * The automatic plan's search has ended; the chosen recipe trains next.
     *
     * @param report the leaderboard, as in {@code plan.json}
     */
    record PlanChosen(PlanReport report) implements TrainingEvent {}

    /**
     * The run folder holds a finished model that predicts, evaluates and exports: during an automatic plan's
     * search, the linear probe fitted on every labelled image, kept until the chosen plan's final run ends; after
     * that final run, the chosen plan's model, when its score on the folds follows it (the folds the time allowed
     * could not change the choice, so the model came first).
     *
     * @param plan the candidate it is (for example {@code linear-probe})
     * @param provisional whether the search goes on and may replace it (false: the chosen plan's model, whose score
     *     on the folds follows)
     * @param heldOutAccuracy its mean accuracy on the search's held-out folds; NaN when it is ready before they are
     *     scored (the search's first model: its fold scores follow on the leaderboard)
     * @param testAccuracy its accuracy on the dataset's test images; NaN without any, and for a provisional model
     *     (the final run scores them)
     * @param seconds the time from the start of the run
     */
    record ModelReady(String plan, boolean provisional, double heldOutAccuracy, double testAccuracy, double seconds)
            implements TrainingEvent {}

    /**
     * Something the user should know about how the run goes on, in words (for example that a run
     * resumed without a checkpoint starts again from the beginning).
     *
     * @param message one or two sentences
     */
    record Notice(String message) implements TrainingEvent {}

    /**
     * The run trained to its end without learning its own training images: over the second half of its epochs its
     * training loss became NaN or stayed far above a uniform guess's (it diverged), or stayed near a guess's (it
     * learned little). Sent just before {@link Finished}. An automatic
     * plan's fine-tune that ends so is replaced by the linear probe, with {@link PlanChosen} again instead; a baseline
     * from scratch is told only when it diverged.
     *
     * @param diverged whether the loss became NaN or stayed far above a guess's (steps too large for the data),
     *     rather than near a guess's
     * @param why what the training loss did, in words
     */
    record NotLearned(boolean diverged, String why) implements TrainingEvent {
        /**
         * What happened and what to try, in a sentence or two for the user. A loss that stayed high may be a run too
         * short or too slow for its data as much as labels that do not fit the images, so both are offered.
         */
        public String message() {
            return diverged
                    ? "This run diverged: " + why + ". Train again with a learning rate ten times lower (the automatic"
                            + " plan chooses its rate itself)."
                    : "This run learned little of its training images: " + why + ". Train for more epochs or at"
                            + " another rate (the automatic plan chooses both itself); if that does not help, check"
                            + " that the labels match the images.";
        }
    }

    /**
     * The best checkpoint was saved with a temperature fitted on the run's held-out answers (sent at each save, after
     * its {@link CheckpointSaved}): where it divides the scores, the model's percentages on those images were fitted
     * to how often it is right there, so they are no check of it.
     *
     * @param temperature what the scores are divided by; 1 where no temperature above 1 fits the answers
     * @param heldOutImages how many held-out images it was fitted on
     */
    record TemperatureFitted(double temperature, int heldOutImages) implements TrainingEvent {
        /** Whether the scores are divided at all. */
        public boolean divides() {
            return temperature > 1;
        }

        /** What it means for the user, in words. */
        public String message() {
            return String.format(Locale.ROOT, "The model's scores are divided by %.2f when it is saved, a "
                    + "temperature fitted on its answers on the %d held-out images and drawn towards the one measured "
                    + "for its backbone: its percentages would otherwise run high. None of its answers changes.",
                    temperature, heldOutImages);
        }
    }

    /**
     * Work before training that takes a while on a large dataset: reading it, decoding its images,
     * computing the backbone's features. Reported at most about once a second.
     *
     * @param message what is being done, in words
     * @param fraction how much of it is done, 0 to 1
     */
    record Preparing(String message, double fraction) implements TrainingEvent {}
}
