package dev.unfreeze.ui.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.PlanOrderThresholds;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.ui.FakeServices;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulePlanTest {
    static ModelLayout layout() {
        return FakeServices.smallCnnLayout();
    }

    @Test
    void presetsClicksAndTheFreezeLineEditThePlanTheRecipeRuns() {
        SchedulePlan plan = new SchedulePlan();
        plan.setLayout(layout());
        assertThat(plan.automatic()).as("the automatic plan is the default").isTrue();
        assertThat(plan.thawEpochs()).as("nothing is decided before the search").containsExactly(-1, -1, -1);
        plan.applyPreset(Schedule.parse("gradual"));
        assertThat(plan.thawEpochs()).containsExactly(3, 2, 1);
        assertThat(plan.recipeThawEpochs()).as("an untouched preset is named, not spelled out").isNull();
        assertThat(plan.trainableParameters(0)).isEqualTo(645);
        assertThat(plan.trainableParameters(3)).isEqualTo(645 + 384 + 18_624 + 74_112);

        plan.toggle(0);
        assertThat(plan.thawEpochs()).containsExactly(0, 2, 1);
        assertThat(plan.presetProperty().get().text()).isEqualTo("custom");
        assertThat(plan.recipeThawEpochs()).containsExactly(0, 2, 1);

        plan.setFreezeLine(2);
        assertThat(plan.thawEpochs()).containsExactly(-1, -1, 0);
        plan.setThawEpoch(1, 4);
        assertThat(plan.thawEpochs()).containsExactly(-1, 4, 0);
        plan.setThawEpoch(1, 4);
        assertThat(plan.thawEpochs()).as("clicking the first trained cell again freezes").containsExactly(-1, -1, 0);

        plan.applyPreset(Schedule.parse("feature-extraction"));
        assertThat(plan.thawEpochs()).containsExactly(-1, -1, -1);
        plan.ulmfitRatesProperty().set(true);
        assertThat(plan.multiplier(2)).isEqualTo(1 / 2.6);
    }

    @Test
    void bitFitCountsOnlyTheScalesShiftsAndBiasesOfEveryGroup() {
        SchedulePlan plan = new SchedulePlan();
        plan.setLayout(layout());
        plan.applyPreset(Schedule.parse("bitfit"));
        assertThat(plan.scalesAndBiasesOnly()).isTrue();
        assertThat(plan.thawEpochs()).as("every group takes part from the start").containsExactly(0, 0, 0);
        assertThat(plan.trainableParameters(0)).isEqualTo(645 + 96 + 192 + 384);
        plan.toggle(0);
        assertThat(plan.scalesAndBiasesOnly()).as("a plan edited by hand trains whole groups").isFalse();
        assertThat(plan.trainableParameters(0)).isEqualTo(645 + 18_624 + 74_112);
    }

    /** A plan edited by hand survives the same model's layout read again for another class count (a new dataset). */
    @Test
    void aHandEditedPlanSurvivesTheSameBackboneReadAgain() {
        SchedulePlan plan = new SchedulePlan();
        plan.setLayout(layout());
        plan.applyPreset(Schedule.parse("gradual"));
        plan.toggle(0);
        assertThat(plan.thawEpochs()).containsExactly(0, 2, 1);
        ModelLayout sameBackbone = new ModelLayout(layout().model(), layout().featureDimension(), List.of(
                layout().groups().get(0), layout().groups().get(1), layout().groups().get(2),
                new LayerGroup(3, "head", List.of("head"), 1290, true, List.of(10L))));
        plan.setLayout(sameBackbone);
        assertThat(plan.thawEpochs()).containsExactly(0, 2, 1);
        assertThat(plan.presetProperty().get().text()).isEqualTo("custom");
        // another model's groups take the preset afresh
        ModelLayout other = new ModelLayout(new dev.unfreeze.training.api.ModelInfo("other", "Other", "imported", "x",
                "torchscript", 1, 224, 3, "p", "MIT"), 64, List.of(new LayerGroup(0, "stem", List.of("stem"), 10, false),
                new LayerGroup(1, "head", List.of("head"), 65, true)));
        plan.setLayout(other);
        assertThat(plan.thawEpochs()).hasSize(1);
    }

    @Test
    void aPresetTrainsForTheSharedAutomaticLength() {
        SchedulePlan plan = new SchedulePlan();
        plan.setLayout(layout());
        plan.applyPreset(Schedule.parse("full"));
        plan.useAutomaticLength(160, 16);
        // 10 steps per epoch: the 400-step budget needs 40 epochs
        assertThat(plan.epochsProperty().get()).isEqualTo(40);
        plan.useAutomaticLength(80, 16);
        assertThat(plan.epochsProperty().get()).as("never more than 50").isEqualTo(50);
        plan.useAutomaticLength(8000, 16);
        assertThat(plan.epochsProperty().get()).as("never fewer than 10").isEqualTo(10);
        plan.applyPreset(Schedule.parse("auto"));
        plan.useAutomaticLength(80, 16);
        assertThat(plan.epochsProperty().get()).as("the search decides the length").isEqualTo(10);
    }

    /** A plan of four epochs on the test layout under a preset. */
    private static SchedulePlan fourEpochs(String preset) {
        SchedulePlan plan = new SchedulePlan();
        plan.setLayout(layout());
        plan.epochsProperty().set(4);
        plan.applyPreset(Schedule.parse(preset));
        return plan;
    }

    @Test
    void theTimeEstimateGrowsAsGroupsThaw() {
        SchedulePlan plan = fourEpochs("gradual");
        // 100 images per second frozen, 10 with everything trainable; 80 training and 20 validation images
        double[] seconds = plan.epochSeconds(new dev.unfreeze.training.api.Throughput("fashion_cnn", 100, 10, 20), 80, 20);
        assertThat(seconds[0]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)); // (80 + 20) / 100
        assertThat(seconds[3]).isCloseTo(80 / 10.0 + 20 / 100.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(seconds).isSorted(); // 1.0, 6.7, 8.2, 8.2: block3 holds most of the parameters
        assertThat(SchedulePlan.describeEstimate(seconds))
                .isEqualTo("Estimated time on this computer: about 1 s for epoch 1 to 8 s for epoch 4; 24 s in all, plus the start.");
        plan.applyPreset(Schedule.parse("feature-extraction"));
        assertThat(SchedulePlan.describeEstimate(plan.epochSeconds(new dev.unfreeze.training.api.Throughput("x", 100, 10, 20), 80, 20)))
                .isEqualTo("Estimated time on this computer: about 1 s per epoch; 4 s in all, plus the start.");
        assertThat(SchedulePlan.describeEstimate(new double[] {0.4, 0.4}))
                .isEqualTo("Estimated time on this computer: under 1 s per epoch; under 1 s in all, plus the start.");
    }

    @Test
    void bitFitIsEstimatedAtItsOwnRateThroughTheWholeNetworkNotByItsFewParameters() {
        SchedulePlan plan = fourEpochs("bitfit");
        // 100 images per second frozen, 10 with everything trainable, 20 with only the vectors; 80 training and 20
        // validation images: every group's vectors train, so the backward pass runs through the whole network
        for (double s : plan.epochSeconds(new dev.unfreeze.training.api.Throughput("x", 100, 10, 20), 80, 20)) {
            assertThat(s).isCloseTo(80 / 20.0 + 20 / 100.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        // without a BitFit rate (0: not measured) the whole network's bounds it
        double[] unmeasured = plan.epochSeconds(new dev.unfreeze.training.api.Throughput("x", 100, 10, 0), 80, 20);
        assertThat(unmeasured[0]).isCloseTo(80 / 10.0 + 20 / 100.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theRecommendationFollowsTheDataSize() {
        // before the images are compared with the backbone's: by the images per class
        assertThat(SchedulePlan.recommendation(12, 4, 19, Double.NaN)).contains("BitFit");
        assertThat(SchedulePlan.recommendation(16, 4, 19, Double.NaN)).as("64 in all").contains("partial:6")
                .contains("with 50 labelled images or more");
        assertThat(SchedulePlan.recommendation(17, 4, 19, Double.NaN)).contains("full").contains("partial:6");
        assertThat(SchedulePlan.recommendation(100, 4, 19, Double.NaN)).contains("partial:6");
        assertThat(SchedulePlan.recommendation(1000, 4, 19, Double.NaN)).contains("full fine-tuning");
        // once compared, as the automatic plan orders its plans: glyphs at every size, pictures like the backbone's by size
        assertThat(SchedulePlan.recommendation(10, 4, 19, 0.04)).startsWith("Recommended: auto")
                .contains("usual advice is BitFit or feature extraction: with under 17 images a class and under 50"
                        + " in all")
                .contains("(your images' statistics shift at the input: 0.04)");
        assertThat(SchedulePlan.recommendation(20, 4, 19, 0.04)).contains("usual advice is full or partial:6")
                .contains("with 17 or more images in every class");
        assertThat(SchedulePlan.recommendation(10, 4, 19, 0.16)).contains("usual advice is full or partial:6")
                .contains("unlike the backbone's pictures at its input").contains("shift at the input: 0.16)");
        assertThat(SchedulePlan.recommendation(1000, 4, 19, 0.04)).contains("full fine-tuning");
        assertThat(SchedulePlan.recommendation(8, 20, 19, 0.07)).as("many classes").contains("usual advice is full or partial:6")
                .contains("with 20 classes");
        assertThat(SchedulePlan.recommendation(8, 10, 19, 0.07)).as("80 in all")
                .contains("usual advice is full or partial:6");
        assertThat(SchedulePlan.recommendation(4, 10, 19, 0.07)).contains("usual advice is BitFit")
                .contains("under 17 images a class and under 50 in all");
        // the value the advice reads: the first group with BatchNorm, as the engine's order reads it
        assertThat(PlanOrderThresholds.shiftAtInput(List.of(Double.NaN, 0.16, 0.02))).isEqualTo(0.16);
        assertThat(PlanOrderThresholds.shiftAtInput(List.of())).as("not measured yet").isNaN();
    }

    @Test
    void theAutomaticPlansTimeToSpendIsPartOfItsScheduleAndComesBackFromARecipe() {
        SchedulePlan plan = new SchedulePlan();
        plan.setLayout(layout());
        assertThat(plan.recipeSchedule().text()).isEqualTo("auto");
        plan.budgetProperty().set(dev.unfreeze.training.api.PlanBudget.parse("5m", "test"));
        assertThat(plan.recipeSchedule().text()).isEqualTo("auto:5m");
        plan.setLayout(layout()); // the same model read again (another class count) keeps the time to spend
        assertThat(plan.recipeSchedule().text()).isEqualTo("auto:5m");
        assertThat(plan.presetProperty().get().text()).isEqualTo("auto:5m");
        plan.applyPreset(new Schedule.Full());
        assertThat(plan.recipeSchedule()).isEqualTo(new Schedule.Full());

        SchedulePlan opened = new SchedulePlan();
        opened.setLayout(layout());
        opened.applyPreset(Schedule.parse("auto:30m"));
        assertThat(opened.automatic()).isTrue();
        assertThat(opened.presetProperty().get().automatic()).isTrue();
        assertThat(opened.recipeSchedule().text()).isEqualTo("auto:30m");
    }
}
