package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.ValidationPrediction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The screening's leader needs no longer runs when, on the screening fold, the selection rule already prefers it to
 * the linear probe; otherwise it goes on to show on more folds what its half-length run could not.
 */
class SettledByScreeningTest {
    private static final int HELD = 40;
    /** Glyphs' statistics shift at the input (the whole network first) and photographs' (BitFit and the probe first). */
    private static final double GLYPHS = 0.16;
    private static final double PHOTOGRAPHS = 0.04;

    @Test
    void aPreferredLeaderWithinTwoErrorsOfTheProbeIsSettled() {
        // 38 of 40 for the probe, 36 for the whole network at half its length: inside two paired errors
        assertThat(FineTuneScoring.settledAgainst(probeGetting(38), fullGetting(36), Preference.of(20, 4, 80, GLYPHS))).isTrue();
        assertThat(FineTuneScoring.settledAgainst(probeGetting(30), fullGetting(36), Preference.of(20, 4, 80, GLYPHS))).as("ahead of the probe").isTrue();
    }

    @Test
    void aLeaderTheRuleDoesNotYetPreferGoesOn() {
        // on a few photographs the probe comes before the whole network: a tie is not enough to stop
        assertThat(FineTuneScoring.settledAgainst(probeGetting(38), fullGetting(36), Preference.of(10, 4, 40, PHOTOGRAPHS))).isFalse();
        // a probe far ahead of the half-length run: a run of the whole length may still close the gap
        assertThat(FineTuneScoring.settledAgainst(probeGetting(39), fullGetting(26), Preference.of(20, 4, 80, GLYPHS))).isFalse();
    }

    private static PlanCandidate probeGetting(int right) {
        return scored(CandidatePlans.probe(RecipeCodec.defaults()), right);
    }

    private static PlanCandidate fullGetting(int right) {
        PlanCandidate full = CandidatePlans.fineTunes(RecipeCodec.defaults(), 0.01, 17).stream()
                .filter(c -> c.family == PlanFamily.FULL).findFirst().orElseThrow();
        return scored(full, right);
    }

    /** The candidate's answers on the fold: the first {@code right} images right, the rest wrong. */
    private static PlanCandidate scored(PlanCandidate candidate, int right) {
        List<ValidationPrediction> answers = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            answers.add(new ValidationPrediction("/data/img" + i + ".png", "a", i < right ? "a" : "b", 0.9));
        }
        candidate.scores.add(new FoldScore(0, (double) right / HELD, 0.5, HELD, answers));
        return candidate;
    }
}
