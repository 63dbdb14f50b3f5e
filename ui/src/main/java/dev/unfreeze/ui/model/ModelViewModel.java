package dev.unfreeze.ui.model;

import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.ui.shared.UiProgress;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.Throughput;
import dev.unfreeze.training.api.EngineServices;
import dev.unfreeze.training.api.ModelServices;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.DoubleConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Model step: the catalog, importing and downloading models, and the picked model's layer groups
 * (which go to the freeze plan) and measured speed (which the time estimate uses).
 */
public final class ModelViewModel {
    private final ModelServices services;
    private final EngineServices engineServices;
    private final Feedback feedback;
    private final WorkbenchState state;
    private final ObjectProperty<ModelLayout> layout = new SimpleObjectProperty<>();
    private final Executor ui;
    private final ObservableList<ModelInfo> catalog = FXCollections.observableArrayList();
    private final ObjectProperty<Throughput> throughput = new SimpleObjectProperty<>();
    private final StringProperty throughputState = new SimpleStringProperty();
    private final DoubleProperty downloadProgress = new SimpleDoubleProperty(-1);
    private final BooleanProperty downloading = new SimpleBooleanProperty();
    private final DoubleProperty engineProgress = new SimpleDoubleProperty(-2);
    private final StringProperty engine = new SimpleStringProperty("Engine: checking...");

    public ModelViewModel(ModelServices services, EngineServices engineServices, Feedback feedback, WorkbenchState state, Executor ui) {
        this.services = services;
        this.engineServices = engineServices;
        this.feedback = feedback;
        this.state = state;
        this.ui = ui;
        // the head's size follows the class count: a newly read dataset reads the layout again
        state.datasetProperty().addListener((obs, old, data) -> {
            if (state.modelProperty().get() != null && data != null && (old == null || old.classes().size() != data.classes().size())) {
                selectModel(state.modelProperty().get());
            }
        });
    }

    /** Loads the catalog; selects {@code preferredModel} when it is there. */
    public CompletableFuture<Void> loadModels(String preferredModel) {
        // the engine's description may start a helper process: it must not hold up the catalog
        CompletableFuture.supplyAsync(engineServices::engineSummary, tasks().lane(BackgroundTasks.Lane.WATCHING))
                .handleAsync((summary, failure) -> {
                    engine.set(failure == null ? summary : "Engine: not available (" + failure.getMessage() + ")");
                    return null;
                }, ui);
        return feedback.work(BackgroundTasks.Lane.MODELS, "Reading the model catalog...", services::models, list -> {
            catalog.setAll(list);
            list.stream().filter(m -> m.id().equals(preferredModel)).findFirst().ifPresent(this::selectModel);
        });
    }

    /** Downloads a TorchScript file, adds it to the catalog and picks it, showing the download's progress. */
    public CompletableFuture<Void> importModelFromUrl(String url) {
        if (url == null || url.isBlank()) {
            feedback.fail("Give the address of a TorchScript file (https://..., or file:...).", "no URL");
            return CompletableFuture.completedFuture(null);
        }
        downloadProgress.set(-1);
        downloading.set(true);
        DoubleConsumer progress = UiProgress.into(downloadProgress, ui);
        return feedback.work(BackgroundTasks.Lane.MODELS, "Downloading " + url.trim() + "...",
                () -> services.importModelFromUrl(url.trim(), progress), this::added)
                .whenCompleteAsync((ignored, failure) -> downloading.set(false), ui);
    }

    /** Adds a dropped TorchScript file to the catalog and picks it. */
    public CompletableFuture<Void> importModel(Path file) {
        return feedback.work(BackgroundTasks.Lane.MODELS, "Importing " + file.getFileName() + " (probing its layers)...",
                () -> services.importModel(file), this::added);
    }

    private void added(ModelInfo info) {
        catalog.removeIf(m -> m.id().equals(info.id()));
        catalog.add(info);
        selectModel(info);
    }

    /**
     * Picks the base model and reads its layer groups. Picking another model meanwhile supersedes the
     * read: a stale layout is never applied.
     */
    public CompletableFuture<Void> selectModel(ModelInfo chosen) {
        state.modelProperty().set(chosen);
        DatasetReport data = state.datasetProperty().get();
        int classes = data == null ? 2 : data.classes().size();
        return feedback.latestWork("layout", BackgroundTasks.Lane.MODELS, "Reading the layers of " + chosen.name() + "...", () -> {
            if (engineServices.engineNeedsUnpacking()) {
                ui.execute(() -> {
                    feedback.statusProperty().set("Preparing the engine: the very first start unpacks it (about 15 s)...");
                    engineProgress.set(0);
                });
                CompletableFuture.runAsync(this::followEngineUnpacking, tasks().lane(BackgroundTasks.Lane.WATCHING));
            }
            return services.inspect(chosen.id(), classes);
        }, (ModelLayout read) -> {
            layout.set(read);
            feedback.statusProperty().set(chosen.name() + ": " + read.backboneGroups().size() + " layer groups.");
            measureThroughput(chosen);
        });
    }

    /** Measures (the first time) how fast this computer trains the model, for the time estimates. */
    private void measureThroughput(ModelInfo chosen) {
        throughput.set(null);
        throughputState.set("Estimated time: measuring this computer's speed with " + chosen.name() + " (once per model)...");
        tasks().submitLatest("throughput", BackgroundTasks.Lane.MEASURING, "Measuring this computer's speed with " + chosen.name(),
                () -> services.throughput(chosen.id())).handle((measured, failure) -> {
                    if (failure instanceof BackgroundTasks.Superseded) {
                        return null; // another model was picked meanwhile
                    }
                    throughput.set(failure == null ? measured : null);
                    throughputState.set(failure == null ? null
                            : failure instanceof CancellationException ? "Estimated time: not measured (cancelled)."
                                    : "Estimated time: not available (the speed could not be measured).");
                    return null;
                });
    }

    /**
     * Passes the engine's unpacking progress to the window, four times a second, until it is done
     * (the native library is about 450 MB; the window must not look frozen meanwhile).
     */
    private void followEngineUnpacking() {
        try {
            double done;
            do {
                Thread.sleep(250);
                done = engineServices.engineNeedsUnpacking() ? engineServices.engineUnpackProgress() : 1.0;
                double shown = done;
                ui.execute(() -> engineProgress.set(shown));
            } while (done < 1.0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ui.execute(() -> engineProgress.set(-2));
        }
    }

    private BackgroundTasks tasks() {
        return feedback.tasks();
    }

    /** The models that can be picked. */
    public ObservableList<ModelInfo> catalog() {
        return catalog;
    }

    /** The base model picked. */
    public ObjectProperty<ModelInfo> modelProperty() {
        return state.modelProperty();
    }

    /** The picked model's layer groups, as last read (null before the first). */
    public ReadOnlyObjectProperty<ModelLayout> layoutProperty() {
        return layout;
    }

    /** This computer's measured speed with the picked model, null until measured. */
    public ReadOnlyObjectProperty<Throughput> throughputProperty() {
        return throughput;
    }

    /** Why there is no measured speed (measuring, cancelled, failed), or null. */
    public ReadOnlyStringProperty throughputStateProperty() {
        return throughputState;
    }

    /** The download's share done (-1 while its size is unknown). */
    public DoubleProperty downloadProgressProperty() {
        return downloadProgress;
    }

    /** Whether a model is downloading. */
    public BooleanProperty downloadingProperty() {
        return downloading;
    }

    /** The engine's first unpacking: 0 to 1 while it runs, -1 while its share is unknown, -2 when none runs. */
    public DoubleProperty engineProgressProperty() {
        return engineProgress;
    }

    /** Which engine build and device training uses. */
    public StringProperty engineProperty() {
        return engine;
    }
}
