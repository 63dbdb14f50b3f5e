package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.PlanOrderThresholds;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.ui.shared.TrainingMonitor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;

/** Step 3: the layer map, the schedule presets and timeline, rates, and the plan's cost. */
public final class LayersView extends VBox {
    /**
     * @param model the step's view model
     * @param monitor the run being trained, if any
     * @param train starts training the plan shown
     */
    public LayersView(PlanViewModel model, TrainingMonitor monitor, Runnable train) {
        super(12);
        setPadding(new Insets(16));
        SchedulePlan plan = model.schedule();
        Label title = new Label("Layers & schedule");
        title.getStyleClass().add("step-title");

        // the presets as one segmented choice; a hand-made plan (custom) selects none of them
        SegmentedButton presets = new SegmentedButton();
        presets.setId("preset");
        Map<ToggleButton, Class<? extends Schedule>> kinds = new LinkedHashMap<>();
        for (PresetButton p : PresetButton.values()) {
            ToggleButton button = new ToggleButton(p.label);
            button.setId("preset-" + p.id);
            button.setOnAction(e -> {
                if (plan.layoutProperty().get() != null) {
                    plan.applyPreset(p.schedule(plan.layoutProperty().get().backboneGroups().size(),
                            plan.budgetProperty().get()));
                }
                select(kinds, plan.presetProperty().get());
            });
            kinds.put(button, p.schedule(1, plan.budgetProperty().get()).getClass());
            presets.getButtons().add(button);
        }
        select(kinds, plan.presetProperty().get());
        plan.presetProperty().addListener((obs, old, p) -> select(kinds, p));
        Spinner<Integer> epochs = new Spinner<>(1, 100, plan.epochsProperty().get());
        epochs.setEditable(true);
        epochs.setId("epochs");
        epochs.valueProperty().addListener((obs, old, v) -> plan.epochsProperty().set(v));
        plan.epochsProperty().addListener((obs, old, v) -> epochs.getValueFactory().setValue(v.intValue()));
        CheckBox ulmfit = new CheckBox("ULMFiT rates (÷2.6 per group going down)");
        ulmfit.selectedProperty().bindBidirectional(plan.ulmfitRatesProperty());
        BooleanBinding automatic = Bindings.createBooleanBinding(plan::automatic, plan.presetProperty());
        epochs.disableProperty().bind(automatic);
        ulmfit.disableProperty().bind(automatic);
        Button best = new Button("Find the best plan and train");
        best.setId("find-best-plan");
        best.setOnAction(e -> {
            plan.applyPreset(new Schedule.Automatic(plan.budgetProperty().get()));
            train.run();
        });
        best.disableProperty().bind(monitor.runningProperty());
        Label automaticNote = new Label();
        automaticNote.textProperty().bind(Bindings.when(automatic)
                .then("Automatic plan: a search chooses the frozen groups, the length and the rates (scored on held-out "
                        + "folds); a linear probe is ready to use within seconds while it goes on. Train runs it too.")
                .otherwise("The plan above is yours; the search can still try it against the alternatives."));
        automaticNote.setWrapText(true);
        automaticNote.getStyleClass().add("hint");
        best.setMinWidth(Region.USE_PREF_SIZE);

        Label cost = new Label();
        cost.textProperty().bind(Bindings.createStringBinding(() -> {
            int last = Math.max(0, plan.epochsProperty().get() - 1);
            return String.format(Locale.ROOT, "Trainable parameters: %,d in epoch 1, %,d in epoch %d.",
                    plan.trainableParameters(0), plan.trainableParameters(last), last + 1);
        }, plan.thawEpochs(), plan.epochsProperty(), plan.layoutProperty()));
        Label estimate = new Label();
        estimate.setWrapText(true);
        estimate.textProperty().bind(model.timeEstimate());
        Label advice = new Label();
        advice.setWrapText(true);
        advice.getStyleClass().add("hint");
        advice.textProperty().bind(Bindings.createStringBinding(() -> {
            DatasetReport d = model.datasetProperty().get();
            if (d == null || plan.layoutProperty().get() == null) {
                return "Open a dataset and pick a model for a recommendation.";
            }
            // the images that can train (a dataset's test part never does)
            int trainable = d.classes().stream().mapToInt(c -> c.train() + c.val()).sum();
            int perClass = trainable / Math.max(1, d.classes().size());
            return SchedulePlan.recommendation(perClass, d.classes().size(),
                    plan.layoutProperty().get().backboneGroups().size(),
                    PlanOrderThresholds.shiftAtInput(model.statisticsShiftProperty().get()));
        }, model.datasetProperty(), plan.layoutProperty(), model.statisticsShiftProperty()));

        HBox controls = new HBox(12, new Label("Plan"), presets, new Label("Epochs"), epochs);
        controls.setAlignment(Pos.CENTER_LEFT);
        HBox automaticRow = new HBox(12, best, timeToSpend(plan, automatic), automaticNote);
        automaticRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(automaticNote, Priority.ALWAYS);
        ScrollPane timeline = new ScrollPane(new UnfreezeTimeline(plan));
        timeline.setPrefHeight(300);
        Label presetsHelp = new Label("Presets: " + String.join(", ", Schedule.presetNames()));
        presetsHelp.getStyleClass().add("hint");
        getChildren().addAll(title, new LayerMap(plan, model.statisticsShiftProperty()), controls, ulmfit, automaticRow, presetsHelp, advice,
                new RateFinderPanel(model), cost, estimate,
                new Label("When each group trains (rows: groups, head on top; columns: epochs)"), timeline,
                new RecipeForm(model), new AugmentationPreviewView(model.augmentationPreview()));
    }

    /**
     * How long the automatic plan may take: a time for the whole run, or until its search is done (about two
     * training runs' worth); only while the automatic plan is chosen.
     */
    private static Node timeToSpend(SchedulePlan plan, BooleanBinding automatic) {
        PlanBudget untilDone = new PlanBudget.Multiple(
                PlanBudget.DEFAULT_FACTOR);
        ComboBox<PlanBudget> choice = new ComboBox<>(
                FXCollections.observableArrayList(
                        PlanBudget.parse("1m", "time"), PlanBudget.parse("5m", "time"),
                        PlanBudget.parse("30m", "time"), untilDone));
        choice.setId("time-to-spend");
        choice.setConverter(new StringConverter<>() {
            @Override
            public String toString(PlanBudget b) {
                return b == null ? "" : b instanceof PlanBudget.WallClock w ? w.describe()
                        : b.equals(untilDone) ? "until the search is done" : "search for " + b.describe();
            }

            @Override
            public PlanBudget fromString(String text) {
                return null;
            }
        });
        choice.valueProperty().bindBidirectional(plan.budgetProperty());
        Label label = new Label("Time to spend");
        HBox row = new HBox(6, label, choice);
        row.setAlignment(Pos.CENTER_LEFT);
        row.disableProperty().bind(automatic.not());
        row.setMinWidth(Region.USE_PREF_SIZE);
        return row;
    }

    /** Selects the button of the preset's kind; none for a custom plan. */
    private static void select(Map<ToggleButton, Class<? extends Schedule>> kinds, Schedule preset) {
        kinds.forEach((button, kind) -> button.setSelected(kind.isInstance(preset)));
    }

    /** The presets offered as buttons, each with the schedule it applies to a model of so many groups. */
    private enum PresetButton {
        AUTO("auto", "auto"),
        FEATURE_EXTRACTION("feature-extraction", "feature extraction"),
        PARTIAL("partial", "top third"),
        FULL("full", "full"),
        BITFIT("bitfit", "BitFit"),
        GRADUAL("gradual", "gradual"),
        TWO_STAGE("two-stage-2", "two-stage");

        final String id;
        final String label;

        PresetButton(String id, String label) {
            this.id = id;
            this.label = label;
        }

        Schedule schedule(int groups, PlanBudget budget) {
            return switch (this) {
                case AUTO -> new Schedule.Automatic(budget);
                case FEATURE_EXTRACTION -> new Schedule.FeatureExtraction();
                case PARTIAL -> new Schedule.Partial(Math.max(1, (groups + 2) / 3)); // the top third
                case FULL -> new Schedule.Full();
                case BITFIT -> new Schedule.BitFit();
                case GRADUAL -> new Schedule.Gradual();
                case TWO_STAGE -> new Schedule.TwoStage(2);
            };
        }
    }
}
