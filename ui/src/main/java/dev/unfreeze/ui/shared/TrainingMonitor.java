package dev.unfreeze.ui.shared;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import java.util.Arrays;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A run as the Train and Results steps show it, built from its events on the UI thread: every
 * batch loss (raw and smoothed), the head's and each training group's learning rate, per-epoch validation curves,
 * thaw markers, the latest confusion matrix and per-class metrics, and a one-line progress text.
 */
public final class TrainingMonitor {
    private static final double SMOOTHING = 0.9;

    /**
     * A backbone group's learning rate per step, from the first step it trains in.
     *
     * @param group its index, input to output
     * @param groups how many backbone groups the model has
     */
    public record GroupRate(int group, int groups, String name, ObservableList<Point> points) {}

    private final ObservableList<Point> batchLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> smoothedLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> valLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> valAccuracy = FXCollections.observableArrayList();
    private final ObservableList<Point> learningRate = FXCollections.observableArrayList();
    private final ObservableList<GroupRate> groupRates = FXCollections.observableArrayList();
    private List<String> groupNames = List.of();
    private final ObservableList<Point> thawMarkers = FXCollections.observableArrayList();
    private final ObjectProperty<int[][]> confusion = new SimpleObjectProperty<>();
    private final ObjectProperty<List<ClassMetrics>> perClass = new SimpleObjectProperty<>(List.of());
    private final ObjectProperty<ResultsSource> resultsSource = new SimpleObjectProperty<>(ResultsSource.VALIDATION);
    private final ObjectProperty<List<String>> classes = new SimpleObjectProperty<>(List.of());
    private final ObservableList<String> thawNames = FXCollections.observableArrayList();
    private final ProgressLine progress = new ProgressLine();
    private final BooleanProperty running = new SimpleBooleanProperty();
    /** Whether the user paused the run (it waits between batches until resumed or cancelled). */
    private final BooleanProperty paused = new SimpleBooleanProperty();
    /** Whether the run has epochs without validation images (its validation curves stay empty). */
    private final BooleanProperty withoutValidation = new SimpleBooleanProperty();
    /** Whether the run has solver iterations without a learning rate (a linear probe's). */
    private final BooleanProperty solverIterations = new SimpleBooleanProperty();
    private final ObjectProperty<TrainingEvent> outcome = new SimpleObjectProperty<>();
    private final ObjectProperty<PlanReport> plan = new SimpleObjectProperty<>();
    private final ObjectProperty<TrainingEvent.ModelReady> readyModel = new SimpleObjectProperty<>();
    /** The temperature the run's model was saved with, fitted on its held-out answers; null when none was. */
    private final ObjectProperty<TrainingEvent.TemperatureFitted> fittedTemperature = new SimpleObjectProperty<>();
    /** Set when the run trained to its end without learning its training images; null otherwise. */
    private final ObjectProperty<TrainingEvent.NotLearned> notLearned = new SimpleObjectProperty<>();
    /** The last epoch's figures, shown once its checkpoint turns out to be the best. */
    private TrainingEvent.EpochDone latest;
    private long lastStep;
    private double smoothed = Double.NaN;

    /** Forgets the previous run. */
    public void reset() {
        batchLoss.clear();
        smoothedLoss.clear();
        valLoss.clear();
        valAccuracy.clear();
        learningRate.clear();
        groupRates.clear();
        thawMarkers.clear();
        thawNames.clear();
        confusion.set(null);
        perClass.set(List.of());
        resultsSource.set(ResultsSource.VALIDATION);
        withoutValidation.set(false);
        solverIterations.set(false);
        outcome.set(null);
        plan.set(null);
        readyModel.set(null);
        fittedTemperature.set(null);
        notLearned.set(null);
        latest = null;
        smoothed = Double.NaN;
        running.set(true);
        paused.set(false);
        progress.reset();
    }

    /** Applies events in order (on the UI thread). */
    public void accept(List<TrainingEvent> events) {
        for (TrainingEvent e : events) {
            accept(e);
        }
    }

    private void accept(TrainingEvent e) {
        progress.accept(e);
        if (e instanceof TrainingEvent.PlanChosen c) {
            plan.set(c.report());
        } else if (e instanceof TrainingEvent.PlanScores scores) {
            plan.set(scores.report());
        } else if (e instanceof TrainingEvent.ModelReady m) {
            readyModel.set(m);
        } else if (e instanceof TrainingEvent.TemperatureFitted t) {
            fittedTemperature.set(t.divides() ? t : null); // the latest best checkpoint's
        } else if (e instanceof TrainingEvent.NotLearned n) {
            notLearned.set(n);
        } else if (e instanceof TrainingEvent.RunStarted s) {
            groupNames = s.groups();
            classes.set(s.classes());
        } else if (e instanceof TrainingEvent.BatchDone b) {
            lastStep = b.step();
            batchLoss.add(new Point(b.step(), b.loss()));
            smoothed = Double.isNaN(smoothed) ? b.loss() : SMOOTHING * smoothed + (1 - SMOOTHING) * b.loss();
            smoothedLoss.add(new Point(b.step(), smoothed));
            if (b.learningRate() > 0) {
                learningRate.add(new Point(b.step(), b.learningRate()));
            } else { // a linear probe's solver iterations have a loss but no rate
                solverIterations.set(true);
            }
            for (int g = 0; g < b.groupRates().size(); g++) {
                Double rate = b.groupRates().get(g);
                if (rate != null) {
                    groupRate(g).points().add(new Point(b.step(), rate));
                }
            }
        } else if (e instanceof TrainingEvent.GroupThawed t && t.epoch() > 0) {
            // a group that trains from the start does not thaw: only later thaws are marked
            thawNames.add(t.name());
            thawMarkers.add(new Point(lastStep, t.group()));
        } else if (e instanceof TrainingEvent.EpochDone d) {
            if (Double.isNaN(d.valLoss())) { // no validation images: a final run trained on every image
                withoutValidation.set(true);
            } else {
                valLoss.add(new Point(d.epoch() + 1, d.valLoss()));
                valAccuracy.add(new Point(d.epoch() + 1, d.valAccuracy()));
            }
            latest = d;
        } else if (e instanceof TrainingEvent.CheckpointSaved c && c.best() && latest != null && latest.epoch() == c.epoch()) {
            // the matrix of the best epoch: the weights that are exported, and whose predictions the gallery shows
            confusion.set(latest.confusion());
            perClass.set(latest.perClass());
        } else if (e.terminal()) {
            running.set(false);
            paused.set(false);
            outcome.set(e);
        }
    }

    public ObservableList<Point> batchLoss() {
        return batchLoss;
    }

    public ObservableList<Point> smoothedLoss() {
        return smoothedLoss;
    }

    public ObservableList<Point> valLoss() {
        return valLoss;
    }

    public ObservableList<Point> valAccuracy() {
        return valAccuracy;
    }

    public ObservableList<Point> learningRate() {
        return learningRate;
    }

    /** The backbone groups' rates, a curve for each group once it has trained a step, in the order they started. */
    public ObservableList<GroupRate> groupRates() {
        return groupRates;
    }

    /** The group's curve, started on its first step (the groups are few). */
    private GroupRate groupRate(int group) {
        for (GroupRate rate : groupRates) {
            if (rate.group() == group) {
                return rate;
            }
        }
        GroupRate rate = new GroupRate(group, Math.max(groupNames.size(), group + 1),
                group < groupNames.size() ? groupNames.get(group) : "group " + (group + 1), FXCollections.observableArrayList());
        groupRates.add(rate);
        return rate;
    }

    /** Where groups thawed: x is the step, y the group. */
    public ObservableList<Point> thawMarkers() {
        return thawMarkers;
    }

    /** The names of the groups that thawed, in the order of {@link #thawMarkers()}. */
    public ObservableList<String> thawNames() {
        return thawNames;
    }

    /**
     * For a run that trained on every image (no validation images of its own), the confusion matrix and per-class
     * figures of the answers the Results step shows instead: the dataset's test images when it has a test part, else
     * the automatic plan's answers on its folds' held-out images. A run with validation images keeps its best epoch's;
     * a cancelled or failed one shows nothing of the search's. {@link #resultsSourceProperty} then says which it
     * counts.
     */
    public void showHeldOutAnswers(List<ValidationPrediction> folds, List<ValidationPrediction> test) {
        boolean everyImage = outcome.get() instanceof TrainingEvent.Finished f && Double.isNaN(f.bestValLoss());
        List<ValidationPrediction> shown = test.isEmpty() ? folds : test;
        if (!everyImage || shown.isEmpty() || !noImages(confusion.get()) || classes.get() == null) {
            return;
        }
        int[][] counts = ValidationPrediction.confusion(shown, classes.get());
        confusion.set(counts);
        perClass.set(ClassMetrics.of(counts, classes.get()));
        resultsSource.set(test.isEmpty() ? ResultsSource.FOLDS : ResultsSource.TEST);
    }

    /** Whether a matrix holds no image at all (a run that had no validation images), or there is none yet. */
    public static boolean noImages(int[][] counts) {
        return counts == null || Arrays.stream(counts).flatMapToInt(Arrays::stream).allMatch(v -> v == 0);
    }

    /**
     * The temperature the run's model was saved with when it was fitted on the held-out answers the Results step
     * shows; null when none was.
     */
    public ReadOnlyObjectProperty<TrainingEvent.TemperatureFitted> fittedTemperatureProperty() {
        return fittedTemperature;
    }

    /** Whose answers the Results step shows. */
    public ReadOnlyObjectProperty<ResultsSource> resultsSourceProperty() {
        return resultsSource;
    }

    public ObjectProperty<int[][]> confusionProperty() {
        return confusion;
    }

    public ObjectProperty<List<ClassMetrics>> perClassProperty() {
        return perClass;
    }

    public ObjectProperty<List<String>> classesProperty() {
        return classes;
    }

    public StringProperty progressProperty() {
        return progress.textProperty();
    }

    public ReadOnlyBooleanProperty withoutValidationProperty() {
        return withoutValidation;
    }

    public ReadOnlyBooleanProperty solverIterationsProperty() {
        return solverIterations;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** Set when the user pauses or resumes the run; cleared when a run starts or ends. */
    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** The model the run folder holds while an automatic plan searches on (null before one is ready). */
    public ReadOnlyObjectProperty<TrainingEvent.ModelReady> readyModelProperty() {
        return readyModel;
    }

    /** The automatic plan's leaderboard: filling in during its search, final once it has chosen (null before). */
    public ObjectProperty<PlanReport> planProperty() {
        return plan;
    }

    /** Set when the run trained to its end without learning its training images (the progress line says why). */
    public ReadOnlyObjectProperty<TrainingEvent.NotLearned> notLearnedProperty() {
        return notLearned;
    }

    /** The run's terminal event, once it ended. */
    public ObjectProperty<TrainingEvent> outcomeProperty() {
        return outcome;
    }
}
