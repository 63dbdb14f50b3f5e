package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.PlanOrderRule;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.Throughput;
import dev.unfreeze.training.api.TrainingLength;
import dev.unfreeze.training.api.UnfreezeSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The freeze plan the layer map and the timeline edit: for every backbone group the epoch it
 * thaws ({@link #NEVER} for never), the number of epochs, and whether learning rates decay per
 * group. Presets fill it in; clicks change single groups or cells.
 */
public final class SchedulePlan {
    /** The group never trains. */
    public static final int NEVER = -1;

    private final ObjectProperty<ModelLayout> layout = new SimpleObjectProperty<>();
    private final ObservableList<Integer> thawEpochs = FXCollections.observableArrayList();
    private final IntegerProperty epochs = new SimpleIntegerProperty(5);
    private final ObjectProperty<Schedule> preset = new SimpleObjectProperty<>(
            new Schedule.Automatic(new PlanBudget.Multiple(PlanBudget.DEFAULT_FACTOR)));
    private final BooleanProperty ulmfitRates = new SimpleBooleanProperty(false);
    private final ObjectProperty<PlanBudget> budget = new SimpleObjectProperty<>(
            new PlanBudget.Multiple(PlanBudget.DEFAULT_FACTOR));

    public SchedulePlan() {
        // the automatic plan in force carries the time to spend chosen since, so that applying it again keeps it
        budget.addListener((obs, old, chosen) -> {
            if (automatic()) {
                preset.set(new Schedule.Automatic(chosen));
            }
        });
    }

    public ObjectProperty<ModelLayout> layoutProperty() {
        return layout;
    }

    /** The thaw epoch per backbone group, input to output. */
    public ObservableList<Integer> thawEpochs() {
        return thawEpochs;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    /** The last preset applied; {@link Schedule.Custom} once a group or cell was edited. */
    public ObjectProperty<Schedule> presetProperty() {
        return preset;
    }

    public BooleanProperty ulmfitRatesProperty() {
        return ulmfitRates;
    }

    /** What the automatic plan may spend: a multiple of one training run, or a time for the whole run. */
    public ObjectProperty<PlanBudget> budgetProperty() {
        return budget;
    }

    /** The recipe's schedule for the plan in force (the automatic plan with the budget chosen here). */
    public Schedule recipeSchedule() {
        return automatic() ? new Schedule.Automatic(budget.get()) : preset.get();
    }

    /** Whether the plan was drawn by hand, group by group. */
    public boolean custom() {
        return preset.get() instanceof Schedule.Custom;
    }

    /**
     * Shows a model's groups and applies the current preset to them. The same backbone read again (only
     * the head differs, for another class count) keeps a plan edited by hand as it is.
     */
    public void setLayout(ModelLayout newLayout) {
        ModelLayout old = layout.get();
        boolean sameBackbone = old != null && newLayout != null && old.model().id().equals(newLayout.model().id())
                && old.backboneGroups().stream().map(LayerGroup::name).toList()
                        .equals(newLayout.backboneGroups().stream().map(LayerGroup::name).toList());
        layout.set(newLayout);
        if (sameBackbone && custom() && thawEpochs.size() == newLayout.backboneGroups().size()) {
            return;
        }
        applyPreset(custom() || fitsNoLonger(preset.get(), newLayout) ? new Schedule.Gradual() : preset.get());
    }

    /** Whether the automatic plan is chosen: a search decides the schedule and its length. */
    public boolean automatic() {
        return preset.get().automatic();
    }

    /**
     * Fills the plan from a preset such as gradual or partial:3; the automatic plan (with its budget) leaves
     * every group frozen on the map until the search has chosen.
     */
    public void applyPreset(Schedule chosen) {
        int groups = groupCount();
        if (chosen instanceof Schedule.Automatic automatic) {
            thawEpochs.setAll(Collections.nCopies(groups, NEVER));
            budget.set(automatic.budget());
            preset.set(chosen);
            return;
        }
        List<Integer> result = new ArrayList<>();
        for (int e : chosen.thawPlan(groups).thawEpochs()) {
            result.add(e == UnfreezeSchedule.NEVER ? NEVER : e);
        }
        thawEpochs.setAll(result);
        preset.set(chosen);
    }

    /** Whether a preset asks for more groups than a model has (partial:7 on a model of three groups). */
    private static boolean fitsNoLonger(Schedule schedule, ModelLayout layout) {
        return schedule instanceof Schedule.Partial partial && layout != null
                && partial.groups() > layout.backboneGroups().size();
    }

    /**
     * Sets the epochs to the shared automatic length for the preset in force on this many training
     * images (what the command line trains for the same preset without {@code --epochs}).
     */
    public void useAutomaticLength(int trainImages, int batchSize) {
        if (automatic() || custom() || layout.get() == null) {
            return;
        }
        epochs.set(TrainingLength.epochs(trainImages, batchSize, preset.get().thawPlan(groupCount())));
    }

    /** Flips one group between training from the start and never training. */
    public void toggle(int group) {
        thawEpochs.set(group, thawEpochs.get(group) == 0 ? NEVER : 0);
        preset.set(new Schedule.Custom());
    }

    /** Freezes every group below {@code line} and lets the ones above train from the start. */
    public void setFreezeLine(int line) {
        for (int g = 0; g < thawEpochs.size(); g++) {
            thawEpochs.set(g, g < line ? NEVER : 0);
        }
        preset.set(new Schedule.Custom());
    }

    /** Makes a group start training at an epoch (clicking its first trained cell again means never). */
    public void setThawEpoch(int group, int epoch) {
        thawEpochs.set(group, thawEpochs.get(group) == epoch ? NEVER : epoch);
        preset.set(new Schedule.Custom());
    }

    /** Whether a backbone group trains during an epoch. */
    public boolean trains(int group, int epoch) {
        int thaw = thawEpochs.get(group);
        return thaw != NEVER && thaw <= epoch;
    }

    /**
     * The estimated seconds of each planned epoch on this computer, from its measured throughput.
     *
     * @param trainImages images trained on per epoch
     * @param valImages images evaluated after each epoch
     */
    public double[] epochSeconds(Throughput throughput, int trainImages, int valImages) {
        ModelLayout l = layout.get();
        double[] seconds = new double[epochs.get()];
        if (l == null) {
            return seconds;
        }
        long backbone = l.backboneGroups().stream().mapToLong(LayerGroup::parameters).sum();
        UnfreezeSchedule.Tuned tuned = scalesAndBiasesOnly() ? UnfreezeSchedule.Tuned.SCALES_AND_BIASES
                : UnfreezeSchedule.Tuned.EVERY_WEIGHT;
        for (int e = 0; e < seconds.length; e++) {
            int epoch = e;
            long training = l.backboneGroups().stream().filter(g -> trains(g.index(), epoch)).mapToLong(LayerGroup::parameters).sum();
            seconds[e] = throughput.epochSeconds(trainImages, valImages, backbone == 0 ? 0 : (double) training / backbone, tuned);
        }
        return seconds;
    }

    /** The estimate in words: the first and last epoch and the whole run. */
    public static String describeEstimate(double[] seconds) {
        if (seconds.length == 0) {
            return "";
        }
        double total = Arrays.stream(seconds).sum();
        String first = about(seconds[0]);
        String last = duration(seconds[seconds.length - 1]);
        String perEpoch = duration(seconds[0]).equals(last) ? first + " per epoch"
                : first + " for epoch 1 to " + last + " for epoch " + seconds.length;
        return "Estimated time on this computer: " + perEpoch + "; " + duration(total) + " in all, plus the start.";
    }

    /** A duration as an estimate: "about 5 s", but "under 1 s" as it is. */
    private static String about(double seconds) {
        return seconds < 1 ? duration(seconds) : "about " + duration(seconds);
    }

    private static String duration(double seconds) {
        if (seconds < 1) {
            return "under 1 s";
        }
        if (seconds < 90) {
            return Math.round(seconds) + " s";
        }
        if (seconds < 5400) {
            return Math.round(seconds / 60) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    /** Trainable values during an epoch, the head included. */
    public long trainableParameters(int epoch) {
        ModelLayout l = layout.get();
        if (l == null || thawEpochs.size() != l.backboneGroups().size()) {
            return 0; // a new model's layout before its plan is refilled
        }
        long total = 0;
        boolean onlyScales = scalesAndBiasesOnly();
        for (LayerGroup g : l.groups()) {
            if (g.head()) {
                total += g.parameters();
            } else if (trains(g.index(), epoch)) {
                total += onlyScales ? g.scalesAndBiases() : g.parameters();
            }
        }
        return total;
    }

    /** Whether the plan in force trains only the thawed groups' scales, shifts and biases (BitFit). */
    public boolean scalesAndBiasesOnly() {
        return preset.get() instanceof Schedule.BitFit;
    }

    /** The learning-rate multiplier of a backbone group (ULMFiT: / 2.6 per group going down). */
    public double multiplier(int group) {
        return ulmfitRates.get() ? Math.pow(2.6, -(groupCount() - group)) : 1.0;
    }

    /** Thaw epochs for a recipe: null when the plan is exactly its preset, so the recipe names the preset. */
    public List<Integer> recipeThawEpochs() {
        return custom() ? List.copyOf(thawEpochs) : null;
    }

    /**
     * The usual advice, from the images per class, the classes and, once measured, how unlike the backbone's pictures
     * the images are at its input (NaN until then): the automatic plan's own order of preference, in words.
     */
    public static String recommendation(int imagesPerClass, int classes, int groups, double shiftAtInput) {
        PlanOrderRule rule = PlanOrderRule.of(imagesPerClass, classes, imagesPerClass * classes, shiftAtInput);
        String measured = Double.isNaN(shiftAtInput) ? ""
                : String.format(Locale.ROOT, " (your images' statistics shift at the input: %.2f)", shiftAtInput);
        String own = imagesPerClass >= 300 ? String.format(Locale.ROOT, "full fine-tuning with ULMFiT rates: %d"
                + " images per class can adapt the whole network", imagesPerClass)
                : (rule.mostAdaptedFirst() ? "full or partial:" + Math.max(1, groups / 3)
                        : "BitFit or feature extraction") + ": " + rule.evidence() + measured;
        return "Recommended: auto. A search scores a linear probe and four fine-tuning plans on held-out folds and "
                + "trains the best; its leaderboard shows on the Train step. To decide yourself, the usual advice is "
                + own + ".";
    }

    private int groupCount() {
        return layout.get() == null ? 0 : layout.get().backboneGroups().size();
    }
}
