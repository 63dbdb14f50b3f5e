package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {
    @Test
    void theStandardErrorComesFromTheImagesOnlyOneCandidateGetsRight() {
        Map<String, Boolean> a = new HashMap<>();
        Map<String, Boolean> b = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            a.put("img" + i, true);
            b.put("img" + i, i >= 6); // b misses six images a gets right
        }
        // d = 0.2, (b + c) / n = 0.2: sqrt((0.2 - 0.04) / 30)
        assertThat(PlanSearch.pairedStandardError(a, b)).isCloseTo(Math.sqrt(0.16 / 30), within(1e-12));
        assertThat(PlanSearch.pairedStandardError(a, a)).as("identical answers differ by nothing").isZero();
        b.clear();
        b.put("elsewhere", true);
        assertThat(PlanSearch.pairedStandardError(a, b)).as("no image in common").isInfinite();
    }

    @Test
    void tooFewImagesInCommonCannotTellTwoCandidatesApart() {
        Map<String, Boolean> a = new HashMap<>();
        Map<String, Boolean> b = new HashMap<>();
        for (int i = 0; i < PlanSearch.MIN_EVIDENCE - 1; i++) {
            a.put("img" + i, true);
            b.put("img" + i, false);
        }
        assertThat(PlanSearch.pairedStandardError(a, b)).isInfinite();
    }
}
