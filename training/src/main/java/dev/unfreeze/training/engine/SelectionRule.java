package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which scored plan the search chooses: the plan the benchmark prefers for data like this, unless another leads it
 * by more than two standard errors of their paired difference on the same held-out images (McNemar's test); the
 * order of preference is the {@link Preference}'s. The figures behind each constant are in docs/quality-benchmark.md.
 */
final class SelectionRule {
    /** Held-out images two candidates must share before one may be preferred to another. */
    static final int MIN_EVIDENCE = 20;
    /**
     * How many paired standard errors a plan must lead the preferred one by: two is McNemar's test at about the 5 %
     * level (two-sided p = 0.046 at z = 2); with one, two images to none in 20 would decide, and on the benchmark
     * leads under two errors were noise (fashion-20, fashion-100).
     */
    static final double ERRORS = 2;

    private SelectionRule() {}

    /** Why the chosen plan won. */
    enum Basis {
        /** It had the best held-out accuracy. */
        BEST,
        /** The best had too few held-out images in common with it to be preferred; the order decided. */
        TOO_LITTLE_EVIDENCE,
        /** The safest plan within two standard errors of the best. */
        SAFEST_WITHIN_ERROR,
        /** The most adapted plan within two standard errors of the best (enough images a class, or foreign images). */
        MOST_ADAPTED_WITHIN_ERROR,
        /** The time given let no fine-tune be scored on a fold, only the probe; the order decided, untried. */
        NO_FINE_TUNE_IN_TIME,
        /**
         * The folds the time allows held too few images for any score to change the choice: the order decided, and
         * the plan's folds wait until its model is trained.
         */
        MODEL_BEFORE_ITS_FOLDS
    }

    /**
     * The rule's choice.
     *
     * @param chosen the plan chosen
     * @param best the plan with the best held-out accuracy
     * @param basis why
     * @param standardError the paired standard error of the chosen plan's difference from the best (0 when it is
     *     the best; infinite when they share too few images)
     * @param preference the order of preference it was made in, and why
     */
    record Decision(PlanReport.Candidate chosen, PlanReport.Candidate best, Basis basis, double standardError,
            Preference preference) {}

    /** A plan within the allowed shortfall of the best, and the standard error that allowed it. */
    record Within(PlanReport.Candidate candidate, double standardError) {}

    /**
     * Chooses among the ranked rows (best first): the first plan in the order of preference whose shortfall against
     * the best is within {@link #ERRORS} standard errors, or whose difference from it rests on too few images to
     * know.
     *
     * @param correctOf for a candidate's name, whether it got each held-out image right on the compared folds
     */
    static Decision decide(List<PlanReport.Candidate> ranked, Function<String, Map<String, Boolean>> correctOf,
            Preference preference) {
        return decide(ranked, correctOf, preference, false);
    }

    /**
     * As above; and when the time let no fine-tune be scored on any fold (every one not tried, the probe alone
     * scored) and {@code finalRunFits}, the plan the order prefers, untried: no evidence is the limit of too little,
     * and on the benchmark the order's first plan, chosen on no evidence, had a smaller mean and worst regret than the
     * probe on every kind of task (docs/quality-benchmark.md).
     *
     * @param finalRunFits whether the time given still holds a fine-tune's final run
     */
    static Decision decide(List<PlanReport.Candidate> ranked, Function<String, Map<String, Boolean>> correctOf,
            Preference preference, boolean finalRunFits) {
        PlanReport.Candidate best = ranked.get(0);
        for (PlanReport.Candidate c : ranked) {
            if (c.outcome() == PlanReport.Outcome.WAITING) { // put after its model only when no score could matter
                return new Decision(c, best, Basis.MODEL_BEFORE_ITS_FOLDS, Double.POSITIVE_INFINITY, preference);
            }
        }
        PlanFamily first = preference.order().get(0);
        boolean noFineTuneTried = ranked.stream().filter(c -> PlanFamily.of(c.recipe()) != PlanFamily.LINEAR_PROBE)
                .allMatch(c -> c.outcome() == PlanReport.Outcome.NOT_TRIED);
        if (finalRunFits && noFineTuneTried && first != PlanFamily.LINEAR_PROBE) {
            PlanReport.Candidate untried = ranked.stream().filter(c -> PlanFamily.of(c.recipe()) == first).findFirst()
                    .orElse(null);
            if (untried != null) {
                return new Decision(untried, best, Basis.NO_FINE_TUNE_IN_TIME, Double.POSITIVE_INFINITY, preference);
            }
        }
        Within chosen = withinStandardErrors(preference.order(), ranked, best, correctOf, ERRORS);
        Basis basis = chosen.candidate() == best ? Basis.BEST
                : Double.isInfinite(chosen.standardError()) ? Basis.TOO_LITTLE_EVIDENCE
                : preference.adapted() ? Basis.MOST_ADAPTED_WITHIN_ERROR : Basis.SAFEST_WITHIN_ERROR;
        return new Decision(chosen.candidate(), best, basis, chosen.standardError(), preference);
    }

    /**
     * {@link #decide} among candidates on the first {@code folds} folds they share: the ranking, ties broken by the
     * order of preference, and each one's answers on those folds.
     */
    static Decision decideAmong(List<PlanCandidate> candidates, int folds, Preference preference) {
        List<PlanFamily> order = preference.order();
        List<PlanReport.Candidate> rows = candidates.stream().map(c -> c.compared(folds))
                .sorted(Comparator.comparingDouble((PlanReport.Candidate r) -> -r.accuracy())
                        .thenComparing(r -> PlanFamily.of(r.recipe()).rankIn(order)))
                .toList();
        return decide(rows, name -> candidates.stream().filter(c -> c.name.equals(name)).findFirst()
                .map(c -> c.correctOnFolds(folds)).orElse(Map.of()), preference);
    }

    /**
     * The first plan in this order whose shortfall against the best is within {@code errors} standard errors of
     * their paired difference (an unknown error, on too few images in common, allows any shortfall); the best
     * itself when none is.
     */
    static Within withinStandardErrors(List<PlanFamily> order, List<PlanReport.Candidate> rows,
            PlanReport.Candidate best, Function<String, Map<String, Boolean>> correctOf, double errors) {
        Map<String, Boolean> bestCorrect = correctOf.apply(best.name());
        for (PlanFamily family : order) {
            for (PlanReport.Candidate c : rows) {
                if (!c.scored() || PlanFamily.of(c.recipe()) != family) {
                    continue;
                }
                double se = c == best ? 0 : pairedStandardError(bestCorrect, correctOf.apply(c.name()));
                if (best.accuracy() - c.accuracy() <= errors * se + 1e-12) {
                    return new Within(c, se);
                }
            }
        }
        return new Within(best, 0);
    }

    /**
     * The standard error of the difference in accuracy between two candidates judged on the same images, were they
     * equally accurate (McNemar's test): from the images exactly one of them gets right (b and c), sqrt(b + c) / n.
     * The Wald error of the observed difference, sqrt((b + c)/n - d^2) / sqrt(n), shrinks as one side takes every
     * discordant image, so on a fold of 20 a lead of six images to one passed two of its errors where McNemar's
     * exact test gives p = 0.125 (docs/quality-benchmark.md). Images not judged by both are left out. Below
     * {@link #MIN_EVIDENCE} images in common it is infinite: on a fold of five images, a fine-tune that gets all five
     * right where the probe gets three says little.
     */
    static double pairedStandardError(Map<String, Boolean> a, Map<String, Boolean> b) {
        int n = 0;
        int onlyA = 0;
        int onlyB = 0;
        for (var entry : a.entrySet()) {
            Boolean other = b.get(entry.getKey());
            if (other == null) {
                continue;
            }
            n++;
            onlyA += entry.getValue() && !other ? 1 : 0;
            onlyB += !entry.getValue() && other ? 1 : 0;
        }
        if (n < MIN_EVIDENCE) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(onlyA + onlyB) / n;
    }
}
