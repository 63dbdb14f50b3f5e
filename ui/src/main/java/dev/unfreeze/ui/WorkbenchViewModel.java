package dev.unfreeze.ui;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.PastRun;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.WorkbenchServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The workbench's state and actions: the only UI class that talks to services. Slow work runs on
 * the background executor; results and events are applied on the UI executor. Errors become a
 * plain sentence in {@link #errorProperty()}, with the detail one click away.
 */
public final class WorkbenchViewModel {
    /** The steps of the flow, in order. */
    public enum Step { DATA, MODEL, LAYERS, TRAIN, RESULTS, EXPORT }

    /** The share of images held out for validation when the dataset has no validation part of its own. */

    private final WorkbenchServices services;
    private final TrainingService training;
    private final Executor background;
    private final BackgroundTasks tasks;
    private final Feedback feedback;
    private final StringProperty status;
    private final StringProperty error;
    private final StringProperty errorDetail;
    private final ResultsViewModel results;
    private final ExportViewModel exports;
    private final Executor ui;

    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.DATA);
    private final ObjectProperty<DatasetReport> dataset = new SimpleObjectProperty<>();
    private final DoubleProperty datasetProgress = new SimpleDoubleProperty(-1);
    private final ObjectProperty<dev.unfreeze.training.api.Throughput> throughput = new SimpleObjectProperty<>();
    private final StringProperty throughputState = new SimpleStringProperty();
    private final DoubleProperty downloadProgress = new SimpleDoubleProperty(-1);
    private final DoubleProperty engineProgress = new SimpleDoubleProperty(-2);
    private final BooleanProperty downloading = new SimpleBooleanProperty();
    private final ObservableList<ModelInfo> models = FXCollections.observableArrayList();
    private final ObjectProperty<ModelInfo> model = new SimpleObjectProperty<>();
    private final SchedulePlan plan = new SchedulePlan();
    private final DoubleProperty learningRate = new SimpleDoubleProperty(RecipeCodec.defaults().learningRate().base());
    private final ObjectProperty<dev.unfreeze.training.api.RateCurve> rateCurve = new SimpleObjectProperty<>();
    private final BooleanProperty findingRate = new SimpleBooleanProperty();
    /** The test (else validation) accuracy of this window's last transfer run and last from-scratch run. */
    private final DoubleProperty transferAccuracy = new SimpleDoubleProperty(Double.NaN);
    private final DoubleProperty scratchAccuracy = new SimpleDoubleProperty(Double.NaN);
    private boolean runIsBaseline;
    private double lastTestAccuracy = Double.NaN;

    private final TrainingMonitor monitor = new TrainingMonitor();
    private final RecipeSettings settings = new RecipeSettings();
    private final javafx.beans.property.BooleanProperty recipeValid = new javafx.beans.property.SimpleBooleanProperty(true);
    private final ObjectProperty<Path> runDirectory = new SimpleObjectProperty<>();
    private final StringProperty engine = new SimpleStringProperty("Engine: checking...");
    private final ObservableList<PastRun> pastRuns = FXCollections.observableArrayList();
    private final ObservableList<PastRun> compared = FXCollections.observableArrayList();
    private final Executor pictures = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "unfreeze-thumbnails");
        t.setDaemon(true);
        return t;
    });
    private RunHandle run;

    public WorkbenchViewModel(WorkbenchServices services, TrainingService training, Executor background, Executor ui) {
        this.services = services;
        this.training = training;
        this.background = background;
        this.ui = ui;
        this.tasks = new BackgroundTasks(background, ui);
        this.feedback = new Feedback(tasks);
        this.status = feedback.statusProperty();
        this.error = feedback.errorProperty();
        this.errorDetail = feedback.errorDetailProperty();
        this.results = new ResultsViewModel(services, feedback, runDirectory);
        this.exports = new ExportViewModel(services, feedback, runDirectory);
        // a preset trains for the shared automatic length on this data, as the command line does
        javafx.beans.InvalidationListener length = o -> {
            DatasetReport data = dataset.get();
            Recipe s = settings.recipeProperty().get();
            if (data != null && s.batchSize() > 0 && s.data().valFraction() >= 0 && s.data().valFraction() < 1) {
                plan.useAutomaticLength((int) Math.round(data.totalImages() * (1 - s.data().valFraction())), s.batchSize());
            }
        };
        plan.presetProperty().addListener(length);
        plan.layoutProperty().addListener(length);
        dataset.addListener(length);
        settings.recipeProperty().addListener(length);
        javafx.beans.InvalidationListener validity = o -> refreshRecipeValidity();
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {settings.recipeProperty(), settings.unreadable(),
            plan.presetProperty(), plan.thawEpochs(), plan.epochsProperty(), learningRate, model, dataset}) {
            o.addListener(validity);
        }
    }

    /** Reads the runs folder again: past runs, with their status and curves. */
    public CompletableFuture<Void> refreshPastRuns() {
        return CompletableFuture.supplyAsync(services::pastRuns, background)
                .thenAcceptAsync(pastRuns::setAll, ui)
                .exceptionally(e -> null); // an unreadable runs folder only leaves the list empty
    }

    /** Shows a run that a training process left running (after an earlier window closed) as it goes on. */
    public void followRun(PastRun past) {
        runDirectory.set(Path.of(past.directory()));
        monitor.reset();
        error.set(null);
        run = null;
        services.follow(Path.of(past.directory())).subscribe(bridge());
        step.set(Step.TRAIN);
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

    /** Loads the catalog; selects {@code preferredModel} when it is there. */
    public CompletableFuture<Void> loadModels(String preferredModel) {
        refreshPastRuns();
        CompletableFuture.supplyAsync(services::engineSummary, background)
                .handleAsync((summary, failure) -> {
                    engine.set(failure == null ? summary : "Engine: not available (" + failure.getMessage() + ")");
                    return null;
                }, ui);
        return work("Reading the model catalog...", services::models, list -> {
            models.setAll(list);
            list.stream().filter(m -> m.id().equals(preferredModel)).findFirst().ifPresent(this::selectModel);
        });
    }

    /** Reads a dropped or opened dataset folder, archive or manifest. */
    public CompletableFuture<Void> openDataset(Path source) {
        return openDataset(List.of(source));
    }

    /** Reads whatever was dropped as a dataset, showing the share of files read while it works. */
    public CompletableFuture<Void> openDataset(List<Path> dropped) {
        String what = dropped.size() == 1 ? String.valueOf(dropped.get(0).getFileName()) : dropped.size() + " items";
        datasetProgress.set(0);
        java.util.function.DoubleConsumer progress = progressInto(datasetProgress);
        return work("Reading " + what + "...", () -> services.inspectDataset(dropped, progress), report -> {
            dataset.set(report);
            status.set(String.format(java.util.Locale.ROOT, "%d images in %d classes%s.", report.totalImages(),
                    report.classes().size(), report.canTrain() ? "" : "; the dataset cannot train yet (see its report)"));
            if (model.get() != null) {
                selectModel(model.get()); // the head's size follows the class count
            }
        }).whenCompleteAsync((ignored, failure) -> datasetProgress.set(-1), ui);
    }

    /** Downloads a TorchScript file, adds it to the catalog and picks it, showing the download's progress. */
    public CompletableFuture<Void> importModelFromUrl(String url) {
        if (url == null || url.isBlank()) {
            fail("Give the address of a TorchScript file (https://..., or file:...).", "no URL");
            return CompletableFuture.completedFuture(null);
        }
        downloadProgress.set(-1);
        downloading.set(true);
        java.util.function.DoubleConsumer progress = progressInto(downloadProgress);
        return work("Downloading " + url.trim() + "...", () -> services.importModelFromUrl(url.trim(), progress), info -> {
            models.removeIf(m -> m.id().equals(info.id()));
            models.add(info);
            selectModel(info);
        }).whenCompleteAsync((ignored, failure) -> downloading.set(false), ui);
    }

    /**
     * Progress reported from worker threads, passed to a property on the UI thread only when its
     * whole percentage changes (or it becomes unknown, -1), so thousands of files never flood the window.
     */
    private java.util.function.DoubleConsumer progressInto(DoubleProperty target) {
        java.util.concurrent.atomic.AtomicInteger shown = new java.util.concurrent.atomic.AtomicInteger(Integer.MIN_VALUE);
        return p -> {
            int percent = p < 0 ? -1 : (int) (p * 100);
            if (shown.getAndSet(percent) != percent) {
                ui.execute(() -> target.set(p));
            }
        };
    }

    /** The download's share done (-1 while its size is unknown). */
    public DoubleProperty downloadProgressProperty() {
        return downloadProgress;
    }

    /** Whether a model is downloading. */
    public BooleanProperty downloadingProperty() {
        return downloading;
    }

    /** Adds a dropped TorchScript file to the catalog and picks it. */
    public CompletableFuture<Void> importModel(Path file) {
        return work("Importing " + file.getFileName() + " (probing its layers)...", () -> services.importModel(file), info -> {
            models.removeIf(m -> m.id().equals(info.id()));
            models.add(info);
            selectModel(info);
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
                done = services.engineNeedsUnpacking() ? services.engineUnpackProgress() : 1.0;
                double shown = done;
                ui.execute(() -> engineProgress.set(shown));
            } while (done < 1.0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ui.execute(() -> engineProgress.set(-2));
        }
    }

    /** The engine's first unpacking: 0 to 1 while it runs, -1 while its share is unknown, -2 when none runs. */
    public DoubleProperty engineProgressProperty() {
        return engineProgress;
    }

    /** Picks the base model and reads its layer groups. */
    public CompletableFuture<Void> selectModel(ModelInfo chosen) {
        model.set(chosen);
        int classes = dataset.get() == null ? 2 : dataset.get().classes().size();
        return work("Reading the layers of " + chosen.name() + "...", () -> {
            if (services.engineNeedsUnpacking()) {
                ui.execute(() -> {
                    status.set("Preparing the engine: the very first start unpacks it (about 15 s)...");
                    engineProgress.set(0);
                });
                CompletableFuture.runAsync(this::followEngineUnpacking, background);
            }
            return services.inspect(chosen.id(), classes);
        },
                (ModelLayout layout) -> {
                    if (model.get() != chosen) {
                        return; // another model was picked meanwhile: its layout applies, not this stale one
                    }
                    plan.setLayout(layout);
                    status.set(chosen.name() + ": " + layout.backboneGroups().size() + " layer groups.");
                    measureThroughput(chosen);
                });
    }

    /** Measures (the first time) how fast this computer trains the model, for the time estimates. */
    private void measureThroughput(ModelInfo chosen) {
        throughput.set(null);
        throughputState.set("Estimated time: measuring this computer's speed with " + chosen.name() + " (once per model)...");
        tasks.submit("Measuring this computer's speed with " + chosen.name(), () -> services.throughput(chosen.id()))
                .handle((measured, failure) -> {
                    if (model.get() != chosen) {
                        return null; // another model was picked meanwhile
                    }
                    throughput.set(failure == null ? measured : null);
                    throughputState.set(failure == null ? null
                            : failure instanceof java.util.concurrent.CancellationException
                                    ? "Estimated time: not measured (cancelled)."
                                    : "Estimated time: not available (the speed could not be measured).");
                    return null;
                });
    }

    /** The estimated time of the planned run, in words, as the plan, data and measured speed change. */
    public javafx.beans.binding.StringBinding timeEstimate() {
        return javafx.beans.binding.Bindings.createStringBinding(() -> {
            if (throughput.get() == null) {
                return throughputState.get() == null ? "" : throughputState.get();
            }
            DatasetReport data = dataset.get();
            if (data == null) {
                return "Estimated time: open a dataset first.";
            }
            boolean ownSplit = data.classes().stream().anyMatch(c -> c.val() > 0);
            int val = ownSplit ? data.classes().stream().mapToInt(DatasetReport.ClassEntry::val).sum()
                    : (int) Math.round(data.totalImages() * settings.recipeProperty().get().data().valFraction());
            int train = ownSplit ? data.classes().stream().mapToInt(DatasetReport.ClassEntry::train).sum()
                    : data.totalImages() - val;
            if (plan.automatic()) {
                return "Automatic plan: the search takes at most about " + (int) dev.unfreeze.training.api.PlanBudget.DEFAULT_FACTOR
                        + " times one fine-tuning run, then the chosen plan trains. " + SchedulePlan.describeEstimate(
                        fineTuneSeconds(train, val));
            }
            return SchedulePlan.describeEstimate(plan.epochSeconds(throughput.get(), train, val));
        }, throughput, throughputState, dataset, plan.thawEpochs(), plan.epochsProperty(), plan.layoutProperty(),
                plan.presetProperty());
    }

    /** The seconds per epoch of one full fine-tuning run of the shared automatic length (for the search's estimate). */
    private double[] fineTuneSeconds(int train, int val) {
        int groups = plan.layoutProperty().get() == null ? 0 : plan.layoutProperty().get().backboneGroups().size();
        int epochs = dev.unfreeze.training.api.TrainingLength.epochs(train, RecipeCodec.defaults().batchSize(),
                dev.unfreeze.training.api.UnfreezeSchedule.preset("full", groups));
        double[] seconds = new double[epochs];
        java.util.Arrays.fill(seconds, throughput.get().epochSeconds(train, val, 1.0));
        return seconds;
    }

    /**
     * The recipe the current plan runs: the shared defaults (the same the command line uses) with
     * the choices made here. The automatic plan leaves the length open, as the command line does;
     * a preset trains for the epochs its timeline shows.
     */
    public Recipe recipe(boolean fromScratch) {
        if (!settings.unreadable().isEmpty()) {
            throw new dev.unfreeze.training.api.InvalidRecipeException(List.copyOf(settings.unreadable().values()));
        }
        return RecipeCodec.validate(unchecked(fromScratch));
    }

    /** The recipe as the window's choices make it, before the validator has seen it. */
    private Recipe unchecked(boolean fromScratch) {
        Recipe s = settings.recipeProperty().get();
        DatasetReport data = dataset.get();
        boolean auto = dev.unfreeze.training.api.PlanBudget.isAuto(plan.presetProperty().get());
        String schedule = "custom".equals(plan.presetProperty().get()) ? "full" : plan.presetProperty().get();
        return s.withModel(model.get() == null ? s.model() : model.get().id())
                .withFromScratch(fromScratch)
                .withData(new Recipe.Data(data == null ? null : data.location(), null, s.data().valFraction(),
                        s.data().imageSize(), null))
                .withPlan(schedule, auto ? null : plan.recipeThawEpochs(),
                        new Recipe.LearningRate(learningRate.get(), s.learningRate().schedule(),
                                plan.ulmfitRatesProperty().get() ? Recipe.LearningRate.Discriminative.ULMFIT
                                        : Recipe.LearningRate.Discriminative.NONE, null),
                        auto ? 0 : plan.epochsProperty().get(), s.batchNorm(), s.augmentation());
    }

    /** The recipe settings the form edits (everything the plan does not decide). */
    public RecipeSettings settings() {
        return settings;
    }

    /** Every sentence about the recipe as it stands: text that is not a number, then the validator's rules. */
    public List<String> recipeProblems() {
        List<String> problems = new java.util.ArrayList<>(settings.unreadable().values());
        try {
            RecipeCodec.validate(unchecked(false));
        } catch (dev.unfreeze.training.api.InvalidRecipeException e) {
            problems.addAll(e.problems());
        }
        return problems;
    }

    /**
     * Whether the settings make a recipe that can train: false while a field's sentence stands (a
     * missing dataset or model is said when Train is pressed, not here).
     */
    public javafx.beans.property.ReadOnlyBooleanProperty recipeValidProperty() {
        return recipeValid;
    }

    private void refreshRecipeValidity() {
        recipeValid.set(recipeProblems().stream().noneMatch(p -> !p.startsWith("'data.train' is missing")
                && !p.startsWith("'model' is missing")));
    }

    /** The recipe Train would run, as JSON (what the form shows; also when a rule is broken). */
    public String recipeJson() {
        return RecipeCodec.toJson(unchecked(false));
    }

    /** Saves the recipe Train would run, for {@code ./unfreeze train --recipe FILE}. */
    public void saveRecipe(Path file) {
        try {
            RecipeCodec.write(recipe(false), file);
            status.set("Saved the recipe to " + file + "; ./unfreeze train --recipe " + file + " runs it.");
        } catch (IOException | RuntimeException e) {
            fail("Could not save the recipe: " + e.getMessage(), String.valueOf(e));
        }
    }

    /**
     * Opens a recipe file: its settings, learning rate and plan become the window's, its model is
     * selected when the catalog has it, and its dataset opened when it exists here.
     */
    public CompletableFuture<Void> openRecipe(Path file) {
        Recipe r;
        try {
            r = RecipeCodec.read(file);
        } catch (IOException | RuntimeException e) {
            fail("Could not open the recipe " + file + ": " + e.getMessage(), String.valueOf(e));
            return CompletableFuture.completedFuture(null);
        }
        settings.unreadable().clear();
        settings.recipeProperty().set(r);
        learningRate.set(r.learningRate().base());
        plan.ulmfitRatesProperty().set(r.learningRate().discriminative() == Recipe.LearningRate.Discriminative.ULMFIT);
        ModelInfo known = models.stream().filter(m -> m.id().equals(r.model())).findFirst().orElse(null);
        CompletableFuture<Void> ready = known == null || known.equals(model.get()) ? CompletableFuture.completedFuture(null)
                : selectModel(known);
        if (r.data() != null && r.data().train() != null && Files.exists(Path.of(r.data().train()))) {
            ready = CompletableFuture.allOf(ready, openDataset(Path.of(r.data().train())));
        }
        return ready.thenRunAsync(() -> {
            applyPlan(r);
            status.set("Opened the recipe " + file + ".");
        }, ui);
    }

    private void applyPlan(Recipe r) {
        if (r.thawEpochs() != null && r.thawEpochs().size() == plan.thawEpochs().size()) {
            for (int g = 0; g < r.thawEpochs().size(); g++) {
                plan.setThawEpoch(g, r.thawEpochs().get(g) < 0 ? SchedulePlan.NEVER : r.thawEpochs().get(g));
            }
        } else if (r.schedule() != null) {
            plan.applyPreset(r.schedule());
        }
        if (r.epochs() > 0) {
            plan.epochsProperty().set(r.epochs());
        }
    }

    /** Runs the learning-rate range test for the current plan in a helper process; the curve arrives here. */
    public void findRate() {
        Recipe recipe;
        try {
            recipe = recipe(false);
        } catch (RuntimeException e) {
            fail(e.getMessage(), String.valueOf(e));
            return;
        }
        findingRate.set(true);
        status.set("Finding the learning rate: a short run with a growing rate on a copy of the network...");
        tasks.submit("Finding the learning rate", () -> services.findRate(recipe)).handle((curve, failure) -> {
            findingRate.set(false);
            if (failure instanceof java.util.concurrent.CancellationException) {
                status.set("The range test was cancelled.");
            } else if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                fail("The range test failed: " + cause.getMessage(), String.valueOf(cause));
            } else {
                rateCurve.set(curve);
                status.set(String.format(java.util.Locale.ROOT, "The range test suggests a rate of %.2g.", curve.suggested()));
            }
            return null;
        });
    }

    public ObjectProperty<dev.unfreeze.training.api.RateCurve> rateCurveProperty() {
        return rateCurve;
    }

    public BooleanProperty findingRateProperty() {
        return findingRate;
    }

    /**
     * Transfer against the from-scratch baseline, in words, once both have run in this window; says
     * so plainly when the baseline wins (negative transfer).
     */
    public javafx.beans.binding.StringBinding transferVersusScratch() {
        return javafx.beans.binding.Bindings.createStringBinding(() -> {
            double t = transferAccuracy.get();
            double s = scratchAccuracy.get();
            if (Double.isNaN(s)) {
                return "Train the from-scratch baseline to see whether transfer helped.";
            }
            if (Double.isNaN(t)) {
                return String.format(java.util.Locale.ROOT, "From scratch: %.1f%%. Train with transfer to compare.", 100 * s);
            }
            return t > s
                    ? String.format(java.util.Locale.ROOT, "Transfer helped: %.1f%% against %.1f%% from scratch.", 100 * t, 100 * s)
                    : String.format(java.util.Locale.ROOT, "Negative transfer: the from-scratch baseline (%.1f%%) did as well "
                            + "as or better than the pretrained model (%.1f%%). The pretrained features do not suit this data.",
                            100 * s, 100 * t);
        }, transferAccuracy, scratchAccuracy);
    }

    /** Starts a run (or the from-scratch baseline) in the training process. */
    public CompletableFuture<Void> train(boolean fromScratch) {
        runIsBaseline = fromScratch;
        Recipe recipe;
        try {
            recipe = recipe(fromScratch);
        } catch (RuntimeException e) {
            fail(e.getMessage(), String.valueOf(e));
            return CompletableFuture.completedFuture(null);
        }
        Path dir = services.runsFolder().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + recipe.model() + (fromScratch ? "-scratch" : ""));
        return launch(dir, () -> training.start(recipe, dir));
    }

    /** Continues an interrupted or cancelled run from its last checkpoint. */
    public CompletableFuture<Void> resumeRun(PastRun past) {
        Path dir = Path.of(past.directory());
        return launch(dir, () -> training.resume(dir));
    }

    /** Starting a process touches the disk: it happens in the background, the UI follows on its thread. */
    private CompletableFuture<Void> launch(Path dir, Supplier<RunHandle> start) {
        runDirectory.set(dir);
        monitor.reset();
        error.set(null);
        step.set(Step.TRAIN);
        return CompletableFuture.supplyAsync(start, background).handleAsync((handle, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                monitor.runningProperty().set(false);
                monitor.progressProperty().set("Not started.");
                fail(cause.getMessage(), String.valueOf(cause));
            } else {
                follow(handle);
            }
            return null;
        }, ui);
    }

    private void follow(RunHandle handle) {
        run = handle;
        boolean baseline = runIsBaseline;
        run.events().subscribe(new FxEventBridge(ui, events -> {
            apply(events);
            recordScore(events, baseline);
        }));
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
                                ? monitor.planProperty().get().candidates().get(0).accuracy() : f.bestValAccuracy();
                (baseline ? scratchAccuracy : transferAccuracy).set(score);
            }
        }
    }

    private FxEventBridge bridge() {
        return new FxEventBridge(ui, this::apply);
    }

    /** Applies a run's events to the monitor, the error bar and, at the end, the past runs and predictions. */
    private void apply(List<TrainingEvent> events) {
        monitor.accept(events);
        events.stream().filter(TrainingEvent.Failed.class::isInstance).findFirst()
                .ifPresent(f -> fail(((TrainingEvent.Failed) f).message(), ((TrainingEvent.Failed) f).detail()));
        if (events.stream().anyMatch(TrainingEvent::terminal)) {
            refreshPastRuns();
            results.loadPredictions();
        }
    }

    public void pause() {
        if (run != null) {
            run.pause();
        }
    }

    public void resume() {
        if (run != null) {
            run.resume();
        }
    }

    public void cancel() {
        if (run != null) {
            run.cancel();
        }
    }

    private <T> CompletableFuture<Void> work(String message, Supplier<T> task, java.util.function.Consumer<T> done) {
        return feedback.work(message, task, done);
    }

    /** The window's background tasks: the task list, the counted busy state, cancellation. */
    public BackgroundTasks tasks() {
        return tasks;
    }

    private void fail(String message, String detail) {
        feedback.fail(message, detail);
    }

    /** The share of the dataset read so far while it is read, -1 otherwise. */
    public DoubleProperty datasetProgressProperty() {
        return datasetProgress;
    }

    /** A cached thumbnail of an image, or null when it cannot be read (blocks: call off the UI thread). */
    public Path thumbnail(Path image) {
        return services.thumbnail(image);
    }

    /**
     * The executor that makes thumbnails: their own thread, so pictures never wait behind slow work
     * (a helper process reading a model) on the background executor.
     */
    Executor pictures() {
        return pictures;
    }

    /** The executor that applies results to the window. */
    Executor ui() {
        return ui;
    }

    /** The Results step: validation results of the run's best epoch, and "try an image". */
    public ResultsViewModel results() {
        return results;
    }

    /** The Export step. */
    public ExportViewModel exports() {
        return exports;
    }

    /** Which engine build and device training uses. */
    public StringProperty engineProperty() {
        return engine;
    }

    /** Runs found on disk, newest first. */
    public ObservableList<PastRun> pastRuns() {
        return pastRuns;
    }

    /** Past runs whose validation curves are drawn beside the current run's. */
    public ObservableList<PastRun> compared() {
        return compared;
    }

    public ObjectProperty<Step> stepProperty() {
        return step;
    }

    public ObjectProperty<DatasetReport> datasetProperty() {
        return dataset;
    }

    public ObservableList<ModelInfo> models() {
        return models;
    }

    public ObjectProperty<ModelInfo> modelProperty() {
        return model;
    }

    public SchedulePlan plan() {
        return plan;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty errorDetailProperty() {
        return errorDetail;
    }

    /** Whether background work (other than a training run) is going on: counted, so one task ending does not clear another's. */
    public javafx.beans.binding.BooleanBinding busyProperty() {
        return tasks.busy();
    }

    public TrainingMonitor monitor() {
        return monitor;
    }

    public ObjectProperty<Path> runDirectoryProperty() {
        return runDirectory;
    }

}
