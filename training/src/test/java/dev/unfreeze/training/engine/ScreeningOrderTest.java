package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.PlanOrderRule;
import dev.unfreeze.training.api.RecipeCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fine-tunes a short budget goes to are trained in the order of preference for the data, so that when
 * the budget runs out after one of them (a machine that slows down during the search), the one trained is the one a
 * tie would have chosen.
 */
class ScreeningOrderTest {
    private final List<PlanCandidate> ends = CandidatePlans.fineTunes(RecipeCodec.defaults(), 0.01, 17).stream()
            .filter(c -> FineTuneScoring.ENDS.contains(c.family)).toList();

    @Test
    void fromSeventeenImagesAClassOrOnGlyphsTheWholeNetworkGoesFirst() {
        assertThat(ends).extracting(c -> c.family).containsExactlyInAnyOrder(PlanFamily.BITFIT, PlanFamily.FULL);
        assertThat(FineTuneScoring.inOrderOfPreference(ends, Preference.ENOUGH_IMAGES_MOST_ADAPTED_FIRST))
                .extracting(c -> c.family).containsExactly(PlanFamily.FULL, PlanFamily.BITFIT);
    }

    @Test
    void onFewPicturesLikeTheBackbonesBitFitGoesFirst() {
        assertThat(FineTuneScoring.inOrderOfPreference(ends, Preference.SAFEST_FIRST))
                .extracting(c -> c.family).containsExactly(PlanFamily.BITFIT, PlanFamily.FULL);
    }

    @Test
    void onImagesUnlikeTheBackbonesTheWholeNetworkGoesFirst() {
        assertThat(FineTuneScoring.inOrderOfPreference(ends, Preference.FOREIGN_IMAGES_MOST_ADAPTED_FIRST))
                .extracting(c -> c.family).containsExactly(PlanFamily.FULL, PlanFamily.BITFIT);
    }

    @Test
    void theOrderFollowsTheShiftAtTheInputThenTheImagesAClass() {
        // each rule of the order gives exactly one order
        for (PlanOrderRule rule : PlanOrderRule.values()) {
            assertThat(java.util.Arrays.stream(Preference.values()).filter(p -> p.why().equals(rule.evidence())))
                    .as(rule.name()).hasSize(1);
        }
        assertThat(Preference.of(5, 4, 20, 0.16)).isEqualTo(Preference.FOREIGN_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(Preference.of(100, 4, 400, 0.3)).isEqualTo(Preference.FOREIGN_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(Preference.of(5, 4, 20, 0.05)).as("photographs, textures").isEqualTo(Preference.SAFEST_FIRST);
        assertThat(Preference.of(12, 4, 48, 0.05)).as("photographs, textures under 17 a class and 50 in all")
                .isEqualTo(Preference.SAFEST_FIRST);
        assertThat(Preference.of(16, 4, 64, 0.05)).as("photographs, textures under 17 a class, from 50 in all")
                .isEqualTo(Preference.MANY_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(Preference.of(5, 10, 50, 0.05)).as("ten classes of 5")
                .isEqualTo(Preference.MANY_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(Preference.MANY_IMAGES_MOST_ADAPTED_FIRST.why()).contains("50 labelled images or more");
        assertThat(Preference.of(17, 2, 34, 0.02)).as("photographs, textures from 17 a class")
                .isEqualTo(Preference.ENOUGH_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(Preference.of(5, 4, 20, Double.NaN)).as("no BatchNorm to measure with").isEqualTo(Preference.SAFEST_FIRST);
        assertThat(Preference.of(17, 4, 68, Double.NaN)).isEqualTo(Preference.ENOUGH_IMAGES_MOST_ADAPTED_FIRST);
    }

    @Test
    void fromTwentyClassesTheWholeNetworkGoesFirstOnFewImagesAClass() {
        assertThat(Preference.of(2, 20, 40, 0.07)).as("twenty classes of photographs, 2 a class")
                .isEqualTo(Preference.MANY_CLASSES_MOST_ADAPTED_FIRST);
        assertThat(Preference.of(2, 19, 38, 0.07)).as("fewer classes: BitFit first").isEqualTo(Preference.SAFEST_FIRST);
        assertThat(Preference.of(4, 10, 40, Double.NaN)).isEqualTo(Preference.SAFEST_FIRST);
        assertThat(Preference.of(4, 26, 104, 0.16)).as("glyphs: the shift decides first")
                .isEqualTo(Preference.FOREIGN_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(FineTuneScoring.inOrderOfPreference(ends, Preference.MANY_CLASSES_MOST_ADAPTED_FIRST))
                .extracting(c -> c.family).containsExactly(PlanFamily.FULL, PlanFamily.BITFIT);
        assertThat(Preference.MANY_CLASSES_MOST_ADAPTED_FIRST.why()).contains("20 classes or more");
    }

    @Test
    void theEnginesOrderFollowsTheRuleTheWindowDescribes() {
        // one case for each rule: the window's advice reads the same rule, so the two cannot disagree
        int[][] cases = {{5, 4, 20}, {17, 2, 34}, {2, 20, 40}, {16, 4, 64}, {4, 10, 40}};
        for (int[] c : cases) {
            for (double shift : new double[] {0.05, 0.16, Double.NaN}) {
                PlanOrderRule rule = PlanOrderRule.of(c[0], c[1], c[2], shift);
                assertThat(Preference.of(c[0], c[1], c[2], shift).adapted()).as("%s", rule)
                        .isEqualTo(rule.mostAdaptedFirst());
            }
        }
        assertThat(PlanOrderRule.of(5, 4, 20, 0.05)).isEqualTo(PlanOrderRule.FEW_IMAGES);
        assertThat(PlanOrderRule.of(2, 20, 40, 0.05)).isEqualTo(PlanOrderRule.MANY_CLASSES);
    }
}
