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

    @Test
    void aTieGoesToTheSimplestPlanOnLittleDataAndToTheMostAdaptedWithEvidenceEnough() {
        // 100 held-out images: the probe gets 92 right, full fine-tuning 93 (a difference far inside one error)
        Map<String, Boolean> probe = new HashMap<>();
        Map<String, Boolean> full = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            probe.put("img" + i, i >= 8);
            full.put("img" + i, i < 4 || i >= 11);
        }
        var rows = java.util.List.of(candidate("full", 0.93), candidate("linear-probe", 0.92), candidate("partial:7", 0.80));
        java.util.function.Function<String, Map<String, Boolean>> correct = name -> name.equals("full") ? full
                : name.equals("linear-probe") ? probe : Map.of();
        double[] se = new double[1];
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.SAFEST_FIRST, rows, rows.get(0), correct, se, false, 1).name())
                .isEqualTo("linear-probe");
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.MOST_ADAPTED_FIRST, rows, rows.get(0), correct, se, true, 1).name())
                .isEqualTo("full");
        // a probe well ahead is kept either way: the adapted plan must be within one error of the best
        var probeAhead = java.util.List.of(candidate("linear-probe", 0.97), candidate("full", 0.80));
        java.util.function.Function<String, Map<String, Boolean>> split = name -> {
            Map<String, Boolean> m = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                m.put("img" + i, name.equals("full") ? i >= 20 : i >= 3);
            }
            return m;
        };
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.MOST_ADAPTED_FIRST, probeAhead, probeAhead.get(0), split, se,
                true, 1).name()).isEqualTo("linear-probe");
        // without evidence enough to judge, the adapted preference does not apply
        var thin = java.util.List.of(candidate("full", 1.0), candidate("linear-probe", 0.6));
        java.util.function.Function<String, Map<String, Boolean>> five = name -> Map.of("a", true, "b", true, "c",
                name.equals("full"), "d", name.equals("full"), "e", true);
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.MOST_ADAPTED_FIRST, thin, thin.get(0), five, se, true, 1).name())
                .as("the best itself is always within its own error").isEqualTo("full");
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.SAFEST_FIRST, thin, thin.get(0), five, se, false, 1).name())
                .as("on five images the simpler plan is kept").isEqualTo("linear-probe");
    }

    @Test
    void withoutEvidenceEnoughBitFitIsPreferredToTheProbeAndTheProbeToTheOtherFineTunes() {
        var rows = java.util.List.of(candidate("full", 1.0), candidate("linear-probe", 0.8), candidate("bitfit", 0.6));
        java.util.function.Function<String, Map<String, Boolean>> five = name -> Map.of("a", true, "b", !name.equals("bitfit"),
                "c", name.equals("full"), "d", true, "e", true);
        double[] se = new double[1];
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.SAFEST_FIRST, rows, rows.get(0), five, se, false, 1).name())
                .isEqualTo("bitfit");
        var noBitFit = rows.subList(0, 2);
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.SAFEST_FIRST, noBitFit, noBitFit.get(0), five, se, false, 1)
                .name()).isEqualTo("linear-probe");
    }

    @Test
    void aLeadBeyondOneErrorWinsAndOneWithinItGoesToTheSimplerPlan() {
        // 40 held-out images: whole-network fine-tuning right on 29, the probe on 24 (9 and 4 alone)
        Map<String, Boolean> full = new HashMap<>();
        Map<String, Boolean> probe = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            full.put("img" + i, i < 29);
            probe.put("img" + i, i < 20 || (i >= 29 && i < 33));
        }
        var rows = java.util.List.of(candidate("full", 29 / 40.0), candidate("linear-probe", 24 / 40.0));
        java.util.function.Function<String, Map<String, Boolean>> correct = name -> name.equals("full") ? full : probe;
        double[] se = new double[1];
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.SAFEST_FIRST, rows, rows.get(0), correct, se, false, 1).name())
                .as("a lead of 1.4 errors wins").isEqualTo("full");
        // fine-tuning right on 26 where the probe is on 24 (4 images only it gets, 2 only the probe): within one error
        Map<String, Boolean> close = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            close.put("img" + i, i >= 2 && probe.get("img" + i) || i >= 20 && i < 24);
        }
        var near = java.util.List.of(candidate("full", 26 / 40.0), candidate("linear-probe", 24 / 40.0));
        assertThat(PlanSearch.withinStandardErrors(PlanSearch.SAFEST_FIRST, near, near.get(0),
                name -> name.equals("full") ? close : probe, se, false, 1).name()).isEqualTo("linear-probe");
    }

    private static dev.unfreeze.training.api.PlanReport.Candidate candidate(String name, double accuracy) {
        return new dev.unfreeze.training.api.PlanReport.Candidate(name, name, dev.unfreeze.training.api.PlanReport.Outcome.SCORED, "scored", accuracy, 0, 0.3, 1, 1,
                java.util.List.of(accuracy), null);
    }
}
