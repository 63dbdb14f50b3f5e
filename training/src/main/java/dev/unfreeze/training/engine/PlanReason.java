package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import java.util.Locale;

/** The sentence that says why the search chose its plan, made from the rule's typed decision. */
final class PlanReason {
    private PlanReason() {}

    /**
     * @param folds the stratified folds the images were split into
     * @param finalEpochs the final run's length (ignored for the probe, which fits to convergence)
     * @param epochsAsked whether the user gave that length (else the recipe's own for every labelled image)
     */
    static String of(SelectionRule.Decision decision, int folds, int finalEpochs, boolean epochsAsked) {
        PlanReport.Candidate chosen = decision.chosen();
        PlanReport.Candidate best = decision.best();
        String why = switch (decision.basis()) {
            case BEST -> String.format(Locale.ROOT, "%s had the best held-out accuracy (%.3f ± %.3f) on %d of %d "
                    + "stratified folds", chosen.name(), chosen.accuracy(), chosen.spread(), chosen.foldsScored(), folds)
                    // on tiny folds the lead is a handful of images: say that the order would have chosen it too
                    + (PlanFamily.of(chosen.recipe()) == decision.preference().order().get(0)
                            ? ", and is the plan preferred when the evidence cannot decide (" + decision.preference().why()
                                    + ")" : "");
            case TOO_LITTLE_EVIDENCE -> String.format(Locale.ROOT, "%s (%.3f) is the plan preferred when the evidence "
                    + "cannot decide (%s); %s (%.3f) scored %s on %d of %d stratified folds, but on under %d held-out "
                    + "images, too few to prefer it", chosen.name(), chosen.accuracy(), decision.preference().why(),
                    best.name(), best.accuracy(),
                    best.accuracy() > chosen.accuracy() ? "higher" : "as high (with a lower loss)", best.foldsScored(),
                    folds, SelectionRule.MIN_EVIDENCE);
            case NO_FINE_TUNE_IN_TIME -> String.format(Locale.ROOT, "%s is the plan preferred when the evidence cannot "
                    + "decide (%s); the time given let no fine-tune be scored on a fold, only %s (%.3f on %d of %d "
                    + "stratified folds)", chosen.name(), decision.preference().why(), best.name(), best.accuracy(),
                    best.foldsScored(), folds);
            case MODEL_BEFORE_ITS_FOLDS -> String.format(Locale.ROOT, "%s is the plan preferred when the evidence "
                    + "cannot decide (%s), and the folds the time allows hold under %d held-out images, too few for "
                    + "any score to change that: its model trains first, and its score on the folds follows (%s: %.3f "
                    + "on %d of %d stratified folds)", chosen.name(), decision.preference().why(),
                    SelectionRule.MIN_EVIDENCE, best.name(), best.accuracy(), best.foldsScored(), folds);
            case SAFEST_WITHIN_ERROR, MOST_ADAPTED_WITHIN_ERROR -> String.format(Locale.ROOT, "%s (%.3f) is the %s plan "
                    + "within two standard errors (one is %.3f) of the best, %s (%.3f), on %d of %d stratified folds%s",
                    chosen.name(), chosen.accuracy(),
                    decision.basis() == SelectionRule.Basis.MOST_ADAPTED_WITHIN_ERROR ? "most adapted" : "safest",
                    decision.standardError(), best.name(), best.accuracy(), best.foldsScored(), folds,
                    decision.basis() == SelectionRule.Basis.MOST_ADAPTED_WITHIN_ERROR
                            ? " (fine-tuning is preferred: " + decision.preference().why() + ")" : "");
        };
        boolean probe = PlanFamily.of(chosen.recipe()) == PlanFamily.LINEAR_PROBE;
        return why + "; the final model trains on every labelled image"
                + (probe ? "" : ", for " + finalEpochs + " epochs" + (epochsAsked ? "" : " (its recipe's length for this many images)"));
    }
}
