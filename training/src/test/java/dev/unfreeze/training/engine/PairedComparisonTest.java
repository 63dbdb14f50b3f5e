package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unfreeze.training.api.PlanOrderRule;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {
    /** The statistics shift at the input of glyphs (0.14 to 0.20 on the benchmark) and of photographs (0.03 to 0.07). */
    private static final double GLYPHS = 0.16;
    private static final double PHOTOGRAPHS = 0.04;

    @Test
    void theStandardErrorComesFromTheImagesOnlyOneCandidateGetsRight() {
        Map<String, Boolean> a = new HashMap<>();
        Map<String, Boolean> b = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            a.put("img" + i, true);
            b.put("img" + i, i >= 6); // b misses six images a gets right
        }
        // six images only a gets right, none only b: sqrt(6) / 30, the error were they equally accurate
        assertThat(SelectionRule.pairedStandardError(a, b)).isCloseTo(Math.sqrt(6) / 30, within(1e-12));
        assertThat(SelectionRule.pairedStandardError(a, a)).as("identical answers differ by nothing").isZero();
        b.clear();
        b.put("elsewhere", true);
        assertThat(SelectionRule.pairedStandardError(a, b)).as("no image in common").isInfinite();
    }

    @Test
    void tooFewImagesInCommonCannotTellTwoCandidatesApart() {
        Map<String, Boolean> a = new HashMap<>();
        Map<String, Boolean> b = new HashMap<>();
        for (int i = 0; i < SelectionRule.MIN_EVIDENCE - 1; i++) {
            a.put("img" + i, true);
            b.put("img" + i, false);
        }
        assertThat(SelectionRule.pairedStandardError(a, b)).isInfinite();
    }

    @Test
    void aTieGoesToTheSimplestPlanOnLittleDataAndToTheMostAdaptedWithEvidenceEnough() {
        // 100 held-out images: the probe gets 92 right, full fine-tuning 93 (a difference far inside two errors)
        Map<String, Boolean> probe = new HashMap<>();
        Map<String, Boolean> full = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            probe.put("img" + i, i >= 8);
            full.put("img" + i, i < 4 || i >= 11);
        }
        var rows = java.util.List.of(candidate("full", 0.93), candidate("linear-probe", 0.92), candidate("partial:7", 0.80));
        java.util.function.Function<String, Map<String, Boolean>> correct = name -> name.equals("full") ? full
                : name.equals("linear-probe") ? probe : Map.of();
        assertThat(SelectionRule.withinStandardErrors(Preference.SAFEST_FIRST.order(), rows, rows.get(0), correct, SelectionRule.ERRORS).candidate().name())
                .isEqualTo("linear-probe");
        assertThat(SelectionRule.withinStandardErrors(Preference.ENOUGH_IMAGES_MOST_ADAPTED_FIRST.order(), rows, rows.get(0), correct, SelectionRule.ERRORS).candidate().name())
                .isEqualTo("full");
        // a probe well ahead is kept either way: the adapted plan must be within two errors of the best
        var probeAhead = java.util.List.of(candidate("linear-probe", 0.97), candidate("full", 0.80));
        java.util.function.Function<String, Map<String, Boolean>> split = name -> {
            Map<String, Boolean> m = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                m.put("img" + i, name.equals("full") ? i >= 20 : i >= 3);
            }
            return m;
        };
        assertThat(SelectionRule.withinStandardErrors(Preference.ENOUGH_IMAGES_MOST_ADAPTED_FIRST.order(), probeAhead, probeAhead.get(0), split,
                SelectionRule.ERRORS).candidate().name()).isEqualTo("linear-probe");
        // without evidence enough to judge, the adapted preference does not apply
        var thin = java.util.List.of(candidate("full", 1.0), candidate("linear-probe", 0.6));
        java.util.function.Function<String, Map<String, Boolean>> five = name -> Map.of("a", true, "b", true, "c",
                name.equals("full"), "d", name.equals("full"), "e", true);
        assertThat(SelectionRule.withinStandardErrors(Preference.ENOUGH_IMAGES_MOST_ADAPTED_FIRST.order(), thin, thin.get(0), five, SelectionRule.ERRORS).candidate().name())
                .as("the best itself is always within its own error").isEqualTo("full");
        assertThat(SelectionRule.withinStandardErrors(Preference.SAFEST_FIRST.order(), thin, thin.get(0), five, SelectionRule.ERRORS).candidate().name())
                .as("on five images the simpler plan is kept").isEqualTo("linear-probe");
    }

    @Test
    void withoutEvidenceEnoughBitFitIsPreferredToTheProbeAndTheProbeToTheOtherFineTunes() {
        var rows = java.util.List.of(candidate("full", 1.0), candidate("linear-probe", 0.8), candidate("bitfit", 0.6));
        java.util.function.Function<String, Map<String, Boolean>> five = name -> Map.of("a", true, "b", !name.equals("bitfit"),
                "c", name.equals("full"), "d", true, "e", true);
        assertThat(SelectionRule.withinStandardErrors(Preference.SAFEST_FIRST.order(), rows, rows.get(0), five, SelectionRule.ERRORS).candidate().name())
                .isEqualTo("bitfit");
        var noBitFit = rows.subList(0, 2);
        assertThat(SelectionRule.withinStandardErrors(Preference.SAFEST_FIRST.order(), noBitFit, noBitFit.get(0), five, SelectionRule.ERRORS)
                .candidate().name()).isEqualTo("linear-probe");
    }

    @Test
    void aLeadBeyondTwoErrorsWinsAndOneWithinThemGoesToThePreferredPlan() {
        // 40 held-out images: whole-network fine-tuning right on 34, the probe on 24 (14 and 4 alone): 2.4 errors
        Map<String, Boolean> full = new HashMap<>();
        Map<String, Boolean> probe = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            full.put("img" + i, i < 34);
            probe.put("img" + i, i < 20 || (i >= 34 && i < 38));
        }
        var rows = java.util.List.of(candidate("full", 34 / 40.0), candidate("linear-probe", 24 / 40.0));
        java.util.function.Function<String, Map<String, Boolean>> correct = name -> name.equals("full") ? full : probe;
        assertThat(SelectionRule.withinStandardErrors(Preference.SAFEST_FIRST.order(), rows, rows.get(0), correct,
                SelectionRule.ERRORS).candidate().name()).as("a lead of 2.5 errors wins").isEqualTo("full");
        // fine-tuning right on 29 where the probe is on 24 (9 images only it gets, 4 only the probe): 1.4 errors
        Map<String, Boolean> close = new HashMap<>();
        Map<String, Boolean> probeClose = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            close.put("img" + i, i < 29);
            probeClose.put("img" + i, i < 20 || (i >= 29 && i < 33));
        }
        var near = java.util.List.of(candidate("full", 29 / 40.0), candidate("linear-probe", 24 / 40.0));
        assertThat(SelectionRule.withinStandardErrors(Preference.SAFEST_FIRST.order(), near, near.get(0),
                name -> name.equals("full") ? close : probeClose, SelectionRule.ERRORS).candidate().name())
                .isEqualTo("linear-probe");
    }

    @Test
    void aLeadOfOneImageInTwentyDoesNotDisplaceThePlanPreferredForTheDataSize() {
        // a screening fold of 20 images: BitFit right on 19, the whole network on 18, the one image only BitFit gets
        // is their whole difference, within one standard error (0.05) of it
        Map<String, Boolean> bitfit = new HashMap<>();
        Map<String, Boolean> full = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            bitfit.put("img" + i, i != 0);
            full.put("img" + i, i > 1);
        }
        var rows = java.util.List.of(candidate("bitfit", 0.95), candidate("full", 0.90));
        java.util.function.Function<String, Map<String, Boolean>> correct = n -> n.equals("full") ? full : bitfit;
        // with one error, two images to none (0.1 against 0.071) would decide
        var twoAhead = java.util.List.of(candidate("bitfit", 0.95), candidate("full", 0.85));
        assertThat(SelectionRule.withinStandardErrors(Preference.ENOUGH_IMAGES_MOST_ADAPTED_FIRST.order(), twoAhead,
                twoAhead.get(0), n -> n.equals("full") ? wrongOn(0, 3) : bitfit, 1).candidate().name())
                .as("under one error, two images decided").isEqualTo("bitfit");
        SelectionRule.Decision twenty = SelectionRule.decide(rows, correct, Preference.of(20, 4, 80, GLYPHS));
        assertThat(twenty.chosen().name()).isEqualTo("full");
        assertThat(twenty.basis()).isEqualTo(SelectionRule.Basis.MOST_ADAPTED_WITHIN_ERROR);
        assertThat(SelectionRule.decide(rows, correct, Preference.of(10, 4, 40, PHOTOGRAPHS)).chosen().name()).as("photographs, under 17 a class: BitFit is preferred")
                .isEqualTo("bitfit");
        // five images to none is a lead beyond two errors (0.25 against 2 x 0.112): BitFit wins at any size
        Map<String, Boolean> fullBehind = wrongOn(0, 6);
        var clear = java.util.List.of(candidate("bitfit", 0.95), candidate("full", 0.70));
        SelectionRule.Decision beaten = SelectionRule.decide(clear, n -> n.equals("full") ? fullBehind : bitfit, Preference.of(20, 4, 80, GLYPHS));
        assertThat(beaten.chosen().name()).isEqualTo("bitfit");
        assertThat(beaten.basis()).isEqualTo(SelectionRule.Basis.BEST);
    }

    @Test
    void aLeadOfSixImagesToOneInTwentyIsNotEvidenceEnough() {
        // a screening fold of 20 images, one a class: BitFit alone right on six, the whole network alone on one.
        // McNemar's exact test gives p = 0.125; the Wald error of the observed difference (0.120) let the lead of
        // 0.25 pass two errors, where the error were they equally accurate is sqrt(7) / 20 = 0.132
        Map<String, Boolean> bitfit = new HashMap<>();
        Map<String, Boolean> full = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            bitfit.put("img" + i, i < 15);
            full.put("img" + i, i >= 6 && i < 16);
        }
        var rows = java.util.List.of(candidate("bitfit", 0.75), candidate("full", 0.50));
        SelectionRule.Decision sixToOne = SelectionRule.decide(rows, n -> n.equals("full") ? full : bitfit,
                Preference.of(4, 20, 80, PHOTOGRAPHS));
        assertThat(SelectionRule.pairedStandardError(bitfit, full)).isCloseTo(Math.sqrt(7) / 20, within(1e-12));
        assertThat(sixToOne.chosen().name()).isEqualTo("full");
        assertThat(sixToOne.basis()).isEqualTo(SelectionRule.Basis.MOST_ADAPTED_WITHIN_ERROR);
    }

    @Test
    void aScreenedOutPlanThatScoredHigherIsToldWhyTheSearchWentOnWithoutIt() {
        assertThat(FoldScorer.screenedOut(0.6, "full", 0.35)).isEqualTo("0.600 on fold 1 in a run of half its length;"
                + " the search went on with full (0.350), the plan preferred for this data, within two standard errors"
                + " of it");
        assertThat(FoldScorer.screenedOut(0.35, "bitfit", 0.6)).endsWith("went on with bitfit (0.600)");
    }

    /** Answers on 20 images, wrong on those numbered from {@code first} up to {@code end} (excluded). */
    private static Map<String, Boolean> wrongOn(int first, int end) {
        Map<String, Boolean> answers = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            answers.put("img" + i, i < first || i >= end);
        }
        return answers;
    }

    @Test
    void theDecisionNamesItsBasisAndTheReasonSaysItInWords() {
        // 100 held-out images: the leader right on 93, the other on 92, each on images the other misses (8 and 7):
        // a difference far inside one standard error (0.039)
        Map<String, Boolean> ahead = new HashMap<>();
        Map<String, Boolean> behind = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            ahead.put("img" + i, i >= 7);
            behind.put("img" + i, i < 92);
        }
        var fullAhead = java.util.List.of(candidate("full", 0.93), candidate("linear-probe", 0.92));
        java.util.function.Function<String, Map<String, Boolean>> fullLeads = n -> n.equals("full") ? ahead : behind;
        SelectionRule.Decision safest = SelectionRule.decide(fullAhead, fullLeads, Preference.of(10, 4, 40, 0));
        assertThat(safest.basis()).isEqualTo(SelectionRule.Basis.SAFEST_WITHIN_ERROR);
        assertThat(safest.chosen().name()).isEqualTo("linear-probe");
        assertThat(PlanReason.of(safest, 5, 1, false)).startsWith("linear-probe (0.920) is the safest plan within two"
                + " standard errors").contains("of the best, full (0.930)").endsWith("trains on every labelled image");
        assertThat(SelectionRule.decide(fullAhead, fullLeads, Preference.of(60, 4, 240, GLYPHS)).basis()).as("with 60 a class the tie goes to fine-tuning,"
                + " which is also the best").isEqualTo(SelectionRule.Basis.BEST);

        var probeAhead = java.util.List.of(candidate("linear-probe", 0.93), candidate("full", 0.92));
        java.util.function.Function<String, Map<String, Boolean>> probeLeads = n -> n.equals("full") ? behind : ahead;
        SelectionRule.Decision adapted = SelectionRule.decide(probeAhead, probeLeads, Preference.of(60, 4, 240, GLYPHS));
        assertThat(adapted.basis()).isEqualTo(SelectionRule.Basis.MOST_ADAPTED_WITHIN_ERROR);
        assertThat(PlanReason.of(adapted, 5, 12, false)).contains("is the most adapted plan")
                .contains("fine-tuning is preferred").endsWith("for 12 epochs (its recipe's length for this many images)");
        assertThat(SelectionRule.decide(probeAhead, probeLeads, Preference.of(10, 4, 40, 0)).basis()).isEqualTo(SelectionRule.Basis.BEST);
        assertThat(SelectionRule.decide(probeAhead, probeLeads, Preference.of(20, 4, 80, GLYPHS)).basis()).as("glyphs")
                .isEqualTo(SelectionRule.Basis.MOST_ADAPTED_WITHIN_ERROR);
        assertThat(SelectionRule.decide(probeAhead, probeLeads, Preference.of(10, 4, 40, PHOTOGRAPHS)).basis()).as("photographs")
                .isEqualTo(SelectionRule.Basis.BEST);

        var thin = java.util.List.of(candidate("full", 1.0), candidate("bitfit", 0.8));
        java.util.function.Function<String, Map<String, Boolean>> five = n -> Map.of("a", true, "b", n.equals("full"),
                "c", true, "d", true, "e", true);
        SelectionRule.Decision undecided = SelectionRule.decide(thin, five, Preference.of(5, 4, 20, 0));
        assertThat(undecided.basis()).isEqualTo(SelectionRule.Basis.TOO_LITTLE_EVIDENCE);
        assertThat(undecided.chosen().name()).isEqualTo("bitfit");
        assertThat(PlanReason.of(undecided, 5, 30, true))
                .contains("preferred when the evidence cannot decide (with under 17 images a class")
                .contains("full (1.000) scored higher").endsWith("for 30 epochs");
        // from 17 a class, photographs as well as images that could not be compared with the backbone's, the whole
        // network is preferred when the evidence cannot decide
        var thinBitFit = java.util.List.of(candidate("bitfit", 1.0), candidate("full", 0.8));
        java.util.function.Function<String, Map<String, Boolean>> fiveBitFit = n -> Map.of("a", true, "b",
                n.equals("bitfit"), "c", true, "d", true, "e", true);
        SelectionRule.Decision preferFull = SelectionRule.decide(thinBitFit, fiveBitFit, Preference.of(20, 4, 80, Double.NaN));
        assertThat(preferFull.chosen().name()).isEqualTo("full");
        assertThat(preferFull.basis()).isEqualTo(SelectionRule.Basis.TOO_LITTLE_EVIDENCE);
        assertThat(PlanReason.of(preferFull, 5, 30, true)).contains(PlanOrderRule.ENOUGH_IMAGES_A_CLASS.evidence());
        assertThat(SelectionRule.decide(thinBitFit, fiveBitFit, Preference.of(19, 4, 76, PHOTOGRAPHS)).chosen().name())
                .as("photographs, 19 a class").isEqualTo("full");
        // images unlike the backbone's pictures at its input: the whole network is preferred on a few images too
        SelectionRule.Decision foreign = SelectionRule.decide(thinBitFit, fiveBitFit, Preference.of(5, 4, 20, 0.16));
        assertThat(foreign.chosen().name()).isEqualTo("full");
        assertThat(PlanReason.of(foreign, 5, 30, true)).contains("unlike the backbone's pictures at its input");
        // the best on a handful of images, and the plan the order would have chosen anyway: the reason says both
        SelectionRule.Decision bestAndPreferred = SelectionRule.decide(thin, five, Preference.of(5, 4, 20, 0.16));
        assertThat(bestAndPreferred.basis()).isEqualTo(SelectionRule.Basis.BEST);
        assertThat(PlanReason.of(bestAndPreferred, 5, 30, true)).startsWith("full had the best held-out accuracy")
                .contains("and is the plan preferred when the evidence cannot decide (these images are unlike");
        SelectionRule.Decision bestNotPreferred = SelectionRule.decide(probeAhead, probeLeads, Preference.of(10, 4, 40, 0));
        assertThat(bestNotPreferred.basis()).isEqualTo(SelectionRule.Basis.BEST);
        assertThat(PlanReason.of(bestNotPreferred, 5, 1, false)).as("the probe is not the first in the order")
                .startsWith("linear-probe had the best").doesNotContain("plan preferred");
    }

    @Test
    void whenTheTimeLetNoFineTuneBeScoredThePreferredPlanIsChosenUntriedIfItsFinalRunFits() {
        var probeOnly = java.util.List.of(candidate("linear-probe", 0.8), untried("bitfit"), untried("full"));
        java.util.function.Function<String, Map<String, Boolean>> none = n -> Map.of();
        SelectionRule.Decision photographs = SelectionRule.decide(probeOnly, none, Preference.of(10, 4, 40, PHOTOGRAPHS),
                true);
        assertThat(photographs.chosen().name()).isEqualTo("bitfit");
        assertThat(photographs.basis()).isEqualTo(SelectionRule.Basis.NO_FINE_TUNE_IN_TIME);
        assertThat(PlanReason.of(photographs, 5, 50, false)).startsWith("bitfit is the plan preferred when the evidence"
                + " cannot decide (with under 17 images a class")
                .contains("let no fine-tune be scored on a fold, only linear-probe (0.800 on 1 of 5 stratified folds)")
                .endsWith("for 50 epochs (its recipe's length for this many images)");
        assertThat(SelectionRule.decide(probeOnly, none, Preference.of(10, 4, 40, GLYPHS), true).chosen().name())
                .as("glyphs: the whole network first").isEqualTo("full");
        assertThat(SelectionRule.decide(probeOnly, none, Preference.of(10, 4, 40, PHOTOGRAPHS), false).chosen().name())
                .as("no time left for its final run either: the probe").isEqualTo("linear-probe");
        assertThat(SelectionRule.decide(probeOnly, none, Preference.of(10, 4, 40, PHOTOGRAPHS)).chosen().name())
                .as("the screening's rule never picks an untried plan").isEqualTo("linear-probe");
        // once a fine-tune has been tried, the evidence decides as before, among the plans that have it
        var oneTried = java.util.List.of(candidate("linear-probe", 0.8), candidate("full", 0.6), untried("bitfit"));
        assertThat(SelectionRule.decide(oneTried, none, Preference.of(10, 4, 40, PHOTOGRAPHS), true).chosen().name())
                .isEqualTo("linear-probe");
    }

    @Test
    void aPlanWhoseFoldsFollowItsModelIsChosenAndTheReasonSaysItsScoreFollows() {
        var waiting = java.util.List.of(candidate("linear-probe", 0.8), waiting("full"), untried("bitfit"));
        java.util.function.Function<String, Map<String, Boolean>> none = n -> Map.of();
        SelectionRule.Decision decision = SelectionRule.decide(waiting, none, Preference.of(10, 4, 50, PHOTOGRAPHS),
                false);
        assertThat(decision.chosen().name()).isEqualTo("full");
        assertThat(decision.basis()).isEqualTo(SelectionRule.Basis.MODEL_BEFORE_ITS_FOLDS);
        assertThat(PlanReason.of(decision, 5, 40, false)).startsWith("full is the plan preferred when the evidence"
                + " cannot decide (with 50 labelled images or more")
                .contains("under 20 held-out images, too few for any score to change that: its model trains first")
                .contains("(linear-probe: 0.800 on 1 of 5 stratified folds)");
    }

    @Test
    void aCandidatesFamilyComesFromItsSchedule() {
        assertThat(PlanFamily.of(recipeOf("partial:7"))).isEqualTo(PlanFamily.PARTIAL);
        assertThat(PlanFamily.of(recipeOf("linear-probe"))).isEqualTo(PlanFamily.LINEAR_PROBE);
        assertThat(PlanFamily.FULL.rankIn(Preference.SAFEST_FIRST.order())).isEqualTo(4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlanFamily.of(recipeOf("two-stage:3")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static dev.unfreeze.training.api.PlanReport.Candidate candidate(String name, double accuracy) {
        return new dev.unfreeze.training.api.PlanReport.Candidate(name, name, dev.unfreeze.training.api.PlanReport.Outcome.SCORED, "scored", accuracy, 0, 0.3, 1, 1,
                java.util.List.of(accuracy), recipeOf(name));
    }

    private static dev.unfreeze.training.api.PlanReport.Candidate waiting(String name) {
        return new dev.unfreeze.training.api.PlanReport.Candidate(name, name,
                dev.unfreeze.training.api.PlanReport.Outcome.WAITING, "waiting: its folds follow its final run",
                Double.NaN, Double.NaN, Double.NaN, 0, 0, java.util.List.of(), recipeOf(name));
    }

    private static dev.unfreeze.training.api.PlanReport.Candidate untried(String name) {
        return new dev.unfreeze.training.api.PlanReport.Candidate(name, name,
                dev.unfreeze.training.api.PlanReport.Outcome.NOT_TRIED, "not tried: over the search budget", Double.NaN,
                Double.NaN, Double.NaN, 0, 0, java.util.List.of(), recipeOf(name));
    }

    /** A candidate's recipe by its name in the leaderboard (the probe's schedule is feature extraction). */
    private static dev.unfreeze.training.api.Recipe recipeOf(String name) {
        dev.unfreeze.training.api.Recipe d = dev.unfreeze.training.api.RecipeCodec.defaults();
        return d.withPlan(dev.unfreeze.training.api.Schedule.parse(name.equals("linear-probe") ? "feature-extraction" : name),
                null, d.learningRate(), 1, d.batchNorm(), d.augmentation());
    }
}
