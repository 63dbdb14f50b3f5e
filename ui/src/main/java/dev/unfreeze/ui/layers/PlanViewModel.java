package dev.unfreeze.ui.layers;

import dev.unfreeze.ui.data.DataViewModel;
import dev.unfreeze.ui.model.ModelViewModel;
import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.InvalidRecipeException;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingImages;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RecipeProblem;
import dev.unfreeze.training.api.DatasetServices;
import dev.unfreeze.training.api.RunServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Layers step, where the run is planned: the freeze map and its schedule, the learning rate and
 * its range test, every other recipe setting, and the recipe they make (validated, shown, saved, opened).
 */
public final class PlanViewModel {
    private final RunServices services;
    private final Feedback feedback;
    private final WorkbenchState state;
    private final DataViewModel data;
    private final ModelViewModel models;
    private final Executor ui;
    private final SchedulePlan schedule;
    private final RecipeSettings settings = new RecipeSettings();
    private final AugmentationPreviewModel augmentationPreview;
    private final StatisticsShift statisticsShift;
    private final ObjectProperty<RateCurve> rateCurve = new SimpleObjectProperty<>();
    private final BooleanProperty findingRate = new SimpleBooleanProperty();
    private final BooleanProperty recipeValid = new SimpleBooleanProperty(true);

    public PlanViewModel(DatasetServices datasets, RunServices services, Feedback feedback, WorkbenchState state, SchedulePlan schedule, DataViewModel data,
            ModelViewModel models, Executor ui) {
        this.services = services;
        this.feedback = feedback;
        this.state = state;
        this.schedule = schedule;
        this.data = data;
        this.models = models;
        this.ui = ui;
        this.statisticsShift = new StatisticsShift(datasets, feedback, state);
        this.augmentationPreview = new AugmentationPreviewModel(datasets, feedback, state, settings, statisticsShift.property());
        // a preset trains for the shared automatic length on this data, as the command line does
        InvalidationListener length = o -> {
            DatasetReport d = state.datasetProperty().get();
            Recipe s = settings.recipeProperty().get();
            if (d != null && s.batchSize() > 0 && s.data().valFraction() >= 0 && s.data().valFraction() < 1) {
                schedule.useAutomaticLength(TrainingImages.of(d, s.data().valFraction()).train(), s.batchSize());
            }
        };
        schedule.presetProperty().addListener(length);
        schedule.layoutProperty().addListener(length);
        state.datasetProperty().addListener(length);
        settings.recipeProperty().addListener(length);
        InvalidationListener validity = o -> refreshRecipeValidity();
        for (Observable o : recipeInputs()) {
            o.addListener(validity);
        }
    }

    /** Everything the recipe is made from: a change to any of them is a change of recipe. */
    public List<Observable> recipeInputs() {
        return List.of(settings.recipeProperty(), settings.unreadable(), schedule.presetProperty(), schedule.budgetProperty(),
                schedule.thawEpochs(), schedule.epochsProperty(), schedule.ulmfitRatesProperty(),
                state.modelProperty(), state.datasetProperty());
    }

    /**
     * The recipe the current plan runs: the shared defaults (the same the command line uses) with
     * the choices made here. The automatic plan leaves the length open, as the command line does;
     * a preset trains for the epochs its timeline shows.
     */
    public Recipe recipe(boolean fromScratch) {
        if (!settings.unreadable().isEmpty()) {
            throw new InvalidRecipeException(unreadableProblems());
        }
        return RecipeCodec.validate(unchecked(fromScratch));
    }

    /** The recipe as the window's choices make it, before the validator has seen it. */
    private Recipe unchecked(boolean fromScratch) {
        Recipe s = settings.recipeProperty().get();
        DatasetReport d = state.datasetProperty().get();
        ModelInfo model = state.modelProperty().get();
        boolean auto = schedule.automatic();
        Schedule preset = schedule.recipeSchedule();
        return s.withModel(model == null ? s.model() : model.id())
                .withFromScratch(fromScratch)
                .withData(new Recipe.Data(d == null ? null : d.location(), null, s.data().valFraction(), s.data().imageSize(), null))
                .withPlan(preset, auto ? null : schedule.recipeThawEpochs(),
                        new Recipe.LearningRate(s.learningRate().base(), s.learningRate().schedule(),
                                schedule.ulmfitRatesProperty().get() ? Recipe.LearningRate.Discriminative.ULMFIT
                                        : Recipe.LearningRate.Discriminative.NONE, null),
                        auto ? 0 : schedule.epochsProperty().get(), s.batchNorm(), s.augmentation());
    }

    /** Every problem of the recipe as it stands: text that is not a number, then the validator's rules. */
    public List<RecipeProblem> recipeProblems() {
        List<RecipeProblem> problems = new ArrayList<>(unreadableProblems());
        try {
            RecipeCodec.validate(unchecked(false));
        } catch (InvalidRecipeException e) {
            problems.addAll(e.problems());
        }
        return problems;
    }

    /** The fields whose text is not a value (a word in a number field), each a problem of its field. */
    private List<RecipeProblem> unreadableProblems() {
        List<RecipeProblem> problems = new ArrayList<>();
        settings.unreadable().forEach((path, sentence) -> problems.add(
                new RecipeProblem(path, RecipeProblem.Kind.UNREADABLE, sentence)));
        return problems;
    }

    /**
     * Whether the settings make a recipe that can train: false while a field's sentence stands (a
     * missing dataset or model is said when Train is pressed, not here).
     */
    public ReadOnlyBooleanProperty recipeValidProperty() {
        return recipeValid;
    }

    private void refreshRecipeValidity() {
        recipeValid.set(recipeProblems().stream().allMatch(p -> p.kind() == RecipeProblem.Kind.MISSING
                && (p.isAbout("data.train") || p.isAbout("model"))));
    }

    /** The recipe Train would run, as JSON (what the form shows; also when a rule is broken). */
    public String recipeJson() {
        return RecipeCodec.toJson(unchecked(false));
    }

    /** Saves the recipe Train would run, for {@code ./unfreeze train --recipe FILE}. */
    public void saveRecipe(Path file) {
        try {
            RecipeCodec.write(recipe(false), file);
            feedback.statusProperty().set("Saved the recipe to " + file + "; ./unfreeze train --recipe " + file + " runs it.");
        } catch (IOException | RuntimeException e) {
            feedback.fail("Could not save the recipe: " + e.getMessage(), String.valueOf(e));
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
            feedback.fail("Could not open the recipe " + file + ": " + e.getMessage(), String.valueOf(e));
            return CompletableFuture.completedFuture(null);
        }
        settings.unreadable().clear();
        settings.recipeProperty().set(r);
        schedule.ulmfitRatesProperty().set(r.learningRate().discriminative() == Recipe.LearningRate.Discriminative.ULMFIT);
        ModelInfo known = models.catalog().stream().filter(m -> m.id().equals(r.model())).findFirst().orElse(null);
        CompletableFuture<Void> ready = known == null || known.equals(state.modelProperty().get())
                ? CompletableFuture.completedFuture(null) : models.selectModel(known);
        if (r.data() != null && r.data().train() != null && Files.exists(Path.of(r.data().train()))) {
            ready = CompletableFuture.allOf(ready, data.openDataset(Path.of(r.data().train())));
        }
        return ready.thenRunAsync(() -> {
            applyPlan(r);
            feedback.statusProperty().set("Opened the recipe " + file + ".");
        }, ui);
    }

    private void applyPlan(Recipe r) {
        if (r.thawEpochs() != null && r.thawEpochs().size() == schedule.thawEpochs().size()) {
            for (int g = 0; g < r.thawEpochs().size(); g++) {
                schedule.setThawEpoch(g, r.thawEpochs().get(g) < 0 ? SchedulePlan.NEVER : r.thawEpochs().get(g));
            }
        } else if (r.schedule() != null && !(r.schedule() instanceof Schedule.Custom)) {
            schedule.applyPreset(r.schedule());
        }
        if (r.epochs() > 0) {
            schedule.epochsProperty().set(r.epochs());
        }
    }

    /** Runs the learning-rate range test for the current plan in a helper process; the curve arrives here. */
    public void findRate() {
        Recipe recipe;
        try {
            recipe = recipe(false);
        } catch (RuntimeException e) {
            feedback.fail(e.getMessage(), String.valueOf(e));
            return;
        }
        findingRate.set(true);
        feedback.statusProperty().set("Finding the learning rate: a short run with a growing rate on a copy of the network...");
        feedback.tasks().submitLatest("rate", BackgroundTasks.Lane.MEASURING, "Finding the learning rate",
                () -> services.findRate(recipe)).handle((curve, failure) -> {
                    if (failure instanceof BackgroundTasks.Superseded) {
                        return null;
                    }
                    findingRate.set(false);
                    if (failure instanceof CancellationException) {
                        feedback.statusProperty().set("The range test was cancelled.");
                    } else if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        feedback.fail("The range test failed: " + cause.getMessage(), String.valueOf(cause));
                    } else {
                        rateCurve.set(curve);
                        feedback.statusProperty().set(String.format(Locale.ROOT, "The range test suggests a rate of %.2g.", curve.suggested()));
                    }
                    return null;
                });
    }

    /** The estimated time of the planned run, in words, as the plan, data and measured speed change. */
    public StringBinding timeEstimate() {
        return PlanTimeEstimate.of(models.throughputProperty(), models.throughputStateProperty(), state, settings, schedule);
    }

    /** The freeze map's plan: which groups train, from which epoch. */
    public SchedulePlan schedule() {
        return schedule;
    }

    /**
     * How far the dataset is from what each backbone group was trained on (one value a group, input to output; NaN
     * where a group has no BatchNorm), or empty until measured.
     */
    public ReadOnlyObjectProperty<List<Double>> statisticsShiftProperty() {
        return statisticsShift.property();
    }

    /** The dataset's images as the augmentation changes them. */
    public AugmentationPreviewModel augmentationPreview() {
        return augmentationPreview;
    }

    /** The recipe settings the form edits (everything the plan does not decide). */
    public RecipeSettings settings() {
        return settings;
    }

    public ObjectProperty<RateCurve> rateCurveProperty() {
        return rateCurve;
    }

    public BooleanProperty findingRateProperty() {
        return findingRate;
    }

    /** The dataset as last read (for the plan's advice). */
    public ObjectProperty<DatasetReport> datasetProperty() {
        return state.datasetProperty();
    }

    /** The base model picked. */
    public ObjectProperty<ModelInfo> modelProperty() {
        return state.modelProperty();
    }
}
