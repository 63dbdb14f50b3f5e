package dev.unfreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulePlanTest {
    static ModelLayout layout() {
        ModelInfo info = new ModelInfo("fashion_cnn", "Small CNN", "bundled", "x", "small-cnn", 93120, 28, 1, "p", "MIT");
        return new ModelLayout(info, 128, List.of(
                new LayerGroup(0, "block1", List.of("b1"), 384, false),
                new LayerGroup(1, "block2", List.of("b2"), 18_624, false),
                new LayerGroup(2, "block3", List.of("b3"), 74_112, false),
                new LayerGroup(3, "head", List.of("head"), 645, true)));
    }

    @Test
    void presetsClicksAndTheFreezeLineEditThePlanTheRecipeRuns() {
        SchedulePlan plan = new SchedulePlan();
        plan.setLayout(layout());
        assertThat(plan.thawEpochs()).containsExactly(3, 2, 1);
        assertThat(plan.recipeThawEpochs()).as("an untouched preset is named, not spelled out").isNull();
        assertThat(plan.trainableParameters(0)).isEqualTo(645);
        assertThat(plan.trainableParameters(3)).isEqualTo(645 + 384 + 18_624 + 74_112);

        plan.toggle(0);
        assertThat(plan.thawEpochs()).containsExactly(0, 2, 1);
        assertThat(plan.presetProperty().get()).isEqualTo("custom");
        assertThat(plan.recipeThawEpochs()).containsExactly(0, 2, 1);

        plan.setFreezeLine(2);
        assertThat(plan.thawEpochs()).containsExactly(-1, -1, 0);
        plan.setThawEpoch(1, 4);
        assertThat(plan.thawEpochs()).containsExactly(-1, 4, 0);
        plan.setThawEpoch(1, 4);
        assertThat(plan.thawEpochs()).as("clicking the first trained cell again freezes").containsExactly(-1, -1, 0);

        plan.applyPreset("feature-extraction");
        assertThat(plan.thawEpochs()).containsExactly(-1, -1, -1);
        plan.ulmfitRatesProperty().set(true);
        assertThat(plan.multiplier(2)).isEqualTo(1 / 2.6);
    }

    @Test
    void theRecommendationFollowsTheDataSize() {
        assertThat(SchedulePlan.recommendation(20, 19)).contains("gradual");
        assertThat(SchedulePlan.recommendation(100, 19)).contains("partial:6");
        assertThat(SchedulePlan.recommendation(1000, 19)).contains("full fine-tuning");
    }
}
