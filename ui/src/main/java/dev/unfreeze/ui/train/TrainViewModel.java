package dev.unfreeze.ui.train;

import dev.unfreeze.ui.layers.PlanViewModel;
import dev.unfreeze.ui.results.ResultsViewModel;
import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.ui.shared.FxEventBridge;
import dev.unfreeze.ui.shared.ResultsSource;
import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.training.api.PastRun;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.RunServices;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Train step: starting, following, pausing and cancelling runs in the training process, the
 * runs on disk (to follow, resume or overlay), and transfer against the from-scratch baseline.
 */
public final class TrainViewModel {
    private final RunServices services;
    private final TrainingService training;
    private final Feedback feedback;
    private final WorkbenchState state;
    private final PlanViewModel plan;
    private final ResultsViewModel results;
    private final Executor ui;
    private final TrainingMonitor monitor = new TrainingMonitor();
    private final ObservableList<PastRun> pastRuns = FXCollections.observableArrayList();
    private final ObservableList<PastRun> compared = FXCollections.observableArrayList();
    /** The test (else validation) accuracy of this window's last transfer run and last from-scratch run. */
    private final DoubleProperty transferAccuracy = new SimpleDoubleProperty(Double.NaN);
    private final DoubleProperty scratchAccuracy = new SimpleDoubleProperty(Double.NaN);
    /** Whether each has finished in this window, scored or not (a run that held no image out has no score). */
    private final BooleanProperty transferFinished = new SimpleBooleanProperty();
    private final BooleanProperty scratchFinished = new SimpleBooleanProperty();
    private double lastTestAccuracy = Double.NaN;
    private RunHandle run;

    public TrainViewModel(RunServices services, TrainingService training, Feedback feedback, WorkbenchState state,
            PlanViewModel plan, ResultsViewModel results, Executor ui) {
        this.services = services;
        this.training = training;
        this.feedback = feedback;
        this.state = state;
        this.plan = plan;
        this.results = results;
        this.ui = ui;
    }

    /** Reads the runs folder again: past runs, with their status and curves. */
    public CompletableFuture<Void> refreshPastRuns() {
        return CompletableFuture.supplyAsync(services::pastRuns, feedback.tasks().lane(BackgroundTasks.Lane.FILES))
                .thenAcceptAsync(pastRuns::setAll, ui)
                .exceptionally(e -> null); // an unreadable runs folder only leaves the list empty
    }

    /** Starts a run (or the from-scratch baseline) in the training process. */
    public CompletableFuture<Void> train(boolean fromScratch) {
        Recipe recipe;
        try {
            recipe = plan.recipe(fromScratch);
        } catch (RuntimeException e) {
            feedback.fail(e.getMessage(), String.valueOf(e));
            return CompletableFuture.completedFuture(null);
        }
        Path dir = services.runsFolder().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + recipe.model() + (fromScratch ? "-scratch" : ""));
        return launch(dir, fromScratch, () -> training.start(recipe, dir));
    }

    /** Continues an interrupted or cancelled run from its last checkpoint. */
    public CompletableFuture<Void> resumeRun(PastRun past) {
        Path dir = Path.of(past.directory());
        return launch(dir, dir.getFileName().toString().endsWith("-scratch"), () -> training.resume(dir));
    }

    /** Shows a run that a training process left running (after an earlier window closed) as it goes on. */
    public void followRun(PastRun past) {
        state.runDirectoryProperty().set(Path.of(past.directory()));
        monitor.reset();
        feedback.errorProperty().set(null);
        run = null;
        services.follow(Path.of(past.directory())).subscribe(new FxEventBridge(ui, this::apply));
        state.stepProperty().set(WorkbenchState.Step.TRAIN);
    }

    /** Starting a process touches the disk: it happens in the background, the UI follows on its thread. */
    private CompletableFuture<Void> launch(Path dir, boolean baseline, Supplier<RunHandle> start) {
        state.runDirectoryProperty().set(dir);
        monitor.reset();
        feedback.errorProperty().set(null);
        state.stepProperty().set(WorkbenchState.Step.TRAIN);
        return CompletableFuture.supplyAsync(start, feedback.tasks().lane(BackgroundTasks.Lane.RUNS)).handleAsync((handle, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                monitor.runningProperty().set(false);
                monitor.progressProperty().set("Not started.");
                feedback.fail(cause.getMessage(), String.valueOf(cause));
            } else {
                run = handle;
                run.events().subscribe(new FxEventBridge(ui, events -> {
                    apply(events);
                    recordScore(events, baseline);
                }));
            }
            return null;
        }, ui);
    }

    /** Keeps a finished run's score (test when the dataset has a test part, else validation) for the comparison. */
    private void recordScore(List<TrainingEvent> events, boolean baseline) {
        for (TrainingEvent e : events) {
            if (e instanceof TrainingEvent.TestEvaluated t) {
                lastTestAccuracy = t.accuracy();
            } else if (e instanceof TrainingEvent.RunStarted) {
                lastTestAccuracy = Double.NaN;
            } else if (e instanceof TrainingEvent.Finished f) {
                double score = !Double.isNaN(lastTestAccuracy) ? lastTestAccuracy
                        : Double.isNaN(f.bestValLoss()) && monitor.planProperty().get() != null
                                ? chosenScore(monitor.planProperty().get()) : f.bestValAccuracy();
                (baseline ? scratchAccuracy : transferAccuracy).set(score);
                (baseline ? scratchFinished : transferFinished).set(true);
            }
        }
    }

    /** The fold score of the plan the search chose (not always the top of the leaderboard: ties go by rule). */
    private static double chosenScore(PlanReport plan) {
        return plan.chosenCandidate().orElse(plan.candidates().get(0)).accuracy();
    }

    /** Applies a run's events to the monitor, the error bar and, at the end, the past runs and predictions. */
    private void apply(List<TrainingEvent> events) {
        monitor.accept(events);
        events.stream().filter(TrainingEvent.Failed.class::isInstance).findFirst()
                .ifPresent(f -> feedback.fail(((TrainingEvent.Failed) f).message(), ((TrainingEvent.Failed) f).detail()));
        if (events.stream().anyMatch(TrainingEvent::terminal)) {
            refreshPastRuns();
            results.loadPredictions().thenAccept(read -> read.ifPresent(answers -> {
                monitor.showHeldOutAnswers(answers.validation(), answers.test());
                // the gallery shows the answers the matrix counts
                results.showAnswers(monitor.resultsSourceProperty().get() == ResultsSource.TEST ? answers.test()
                        : answers.validation(), answers.test());
            }));
        }
    }

    /**
     * Transfer against the from-scratch baseline, in words, once both have run in this window; says
     * so plainly when the baseline wins (negative transfer).
     */
    public StringBinding transferVersusScratch() {
        return Bindings.createStringBinding(() -> {
            double t = transferAccuracy.get();
            double s = scratchAccuracy.get();
            boolean transferUnscored = Double.isNaN(t) && transferFinished.get();
            if (transferUnscored || Double.isNaN(s) && scratchFinished.get()) {
                return "Nothing to compare: the " + (transferUnscored ? "transfer run" : "from-scratch baseline")
                        + " held no image out and was scored on none. A test/ part in the dataset scores both runs on"
                        + " the same images.";
            }
            if (Double.isNaN(s)) {
                return "Train the from-scratch baseline to see whether transfer helped.";
            }
            if (Double.isNaN(t)) {
                return String.format(Locale.ROOT, "From scratch: %.1f%%. Train with transfer to compare.", 100 * s);
            }
            return t > s
                    ? String.format(Locale.ROOT, "Transfer helped: %.1f%% against %.1f%% from scratch.", 100 * t, 100 * s)
                    : String.format(Locale.ROOT, "Negative transfer: the from-scratch baseline (%.1f%%) did as well "
                            + "as or better than the pretrained model (%.1f%%). The pretrained features do not suit this data.",
                            100 * s, 100 * t);
        }, transferAccuracy, scratchAccuracy, transferFinished, scratchFinished);
    }

    /** Whether a run of this window is still going. */
    public boolean trainingInProgress() {
        return run != null && monitor.runningProperty().get();
    }

    /**
     * Lets the current run finish after the window closes.
     *
     * @return whether it can (a run inside this process cannot)
     */
    public boolean leaveRunning() {
        return run != null && run.detach();
    }

    public void pause() {
        if (run != null) {
            run.pause();
            monitor.pausedProperty().set(true);
        }
    }

    public void resume() {
        if (run != null) {
            run.resume();
            monitor.pausedProperty().set(false);
        }
    }

    public void cancel() {
        if (run != null) {
            run.cancel();
        }
    }

    /** The current run as it goes: curves, progress, outcome. */
    public TrainingMonitor monitor() {
        return monitor;
    }

    /** Runs found on disk, newest first. */
    public ObservableList<PastRun> pastRuns() {
        return pastRuns;
    }

    /** Past runs whose validation curves are drawn beside the current run's. */
    public ObservableList<PastRun> compared() {
        return compared;
    }

    /** Whether the plan's recipe can train (a setting whose problem stands keeps Train from starting). */
    public ReadOnlyBooleanProperty recipeValidProperty() {
        return plan.recipeValidProperty();
    }
}
