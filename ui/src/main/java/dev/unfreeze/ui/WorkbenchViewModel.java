package dev.unfreeze.ui;

import dev.unfreeze.ui.data.DataViewModel;
import dev.unfreeze.ui.export.ExportViewModel;
import dev.unfreeze.ui.layers.PlanViewModel;
import dev.unfreeze.ui.layers.SchedulePlan;
import dev.unfreeze.ui.model.ModelViewModel;
import dev.unfreeze.ui.results.ResultsViewModel;
import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.ui.shared.Thumbnails;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.ui.train.TrainViewModel;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.WorkbenchServices;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;

/**
 * The workbench's view models, one per step (Data, Model, Layers, Train, Results, Export), around the
 * small state they share ({@link WorkbenchState}) and what every step reports to ({@link Feedback}):
 * the only UI classes that talk to services. Slow work runs on named background lanes
 * ({@link BackgroundTasks.Lane}); results and events are applied on the UI executor.
 */
public final class WorkbenchViewModel {
    private final WorkbenchState state = new WorkbenchState();
    private final BackgroundTasks tasks;
    private final Feedback feedback;
    private final DataViewModel data;
    private final ModelViewModel models;
    private final PlanViewModel plan;
    private final TrainViewModel training;
    private final ResultsViewModel results;
    private final ExportViewModel exports;

    /** The window's view models, background work on threads of their own, one lane per kind of work. */
    public WorkbenchViewModel(WorkbenchServices services, TrainingService training, Executor ui) {
        this(services, training, BackgroundTasks.ownThreads(), ui);
    }

    /** The window's view models with every lane of background work on one executor (tests pass a direct one). */
    public WorkbenchViewModel(WorkbenchServices services, TrainingService training, Executor background, Executor ui) {
        this(services, training, lane -> background, ui);
    }

    private WorkbenchViewModel(WorkbenchServices services, TrainingService training, Function<BackgroundTasks.Lane, Executor> lanes,
            Executor ui) {
        this.tasks = new BackgroundTasks(lanes, ui);
        this.feedback = new Feedback(tasks);
        SchedulePlan schedule = new SchedulePlan();
        Thumbnails thumbnails = new Thumbnails(services.datasets(), ui);
        this.data = new DataViewModel(services.datasets(), feedback, state, thumbnails, ui);
        this.models = new ModelViewModel(services.catalog(), services.engine(), feedback, state, ui);
        models.layoutProperty().addListener((obs, old, layout) -> schedule.setLayout(layout));
        this.plan = new PlanViewModel(services.datasets(), services.runs(), feedback, state, schedule, data, models, ui);
        this.results = new ResultsViewModel(services.runs(), feedback, state.runDirectoryProperty(), thumbnails);
        this.exports = new ExportViewModel(services.exports(), feedback, state.runDirectoryProperty(), state.modelProperty());
        this.training = new TrainViewModel(services.runs(), training, feedback, state, plan, results, ui);
    }

    /** A TorchScript file dropped on the Data step by mistake: imported as a model, and the Model step shown. */
    public void openModelFile(Path file) {
        models.importModel(file);
        state.stepProperty().set(WorkbenchState.Step.MODEL);
    }

    /** What the steps share: the step on screen, the dataset, the model, the run shown. */
    public WorkbenchState state() {
        return state;
    }

    /** The Data step. */
    public DataViewModel data() {
        return data;
    }

    /** The Model step. */
    public ModelViewModel models() {
        return models;
    }

    /** The Layers step: the plan and the recipe. */
    public PlanViewModel plan() {
        return plan;
    }

    /** The Train step. */
    public TrainViewModel training() {
        return training;
    }

    /** The Results step: validation results of the run's best epoch, and "try an image". */
    public ResultsViewModel results() {
        return results;
    }

    /** The Export step. */
    public ExportViewModel exports() {
        return exports;
    }

    /** The window's background tasks: the task list, the counted busy state, cancellation. */
    public BackgroundTasks tasks() {
        return tasks;
    }

    public ObjectProperty<WorkbenchState.Step> stepProperty() {
        return state.stepProperty();
    }

    public StringProperty statusProperty() {
        return feedback.statusProperty();
    }

    public StringProperty errorProperty() {
        return feedback.errorProperty();
    }

    public StringProperty errorDetailProperty() {
        return feedback.errorDetailProperty();
    }

    /** Whether background work (other than a training run) is going on: counted, so one task ending does not clear another's. */
    public BooleanBinding busyProperty() {
        return tasks.busy();
    }
}
