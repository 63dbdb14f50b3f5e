package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Watches a run's epochs and tells whether it learned its own training images: a run whose training loss never fell
 * well below a uniform guess's (ln K for K classes) over the second half of its epochs, or became NaN, learned
 * nothing, whatever its score on a few held-out images says. An automatic plan's final run has no held-out images
 * to judge it by, so this is what keeps a run that diverged from replacing a model that works; any other run is
 * told so at its end.
 */
final class LearningWatch implements Consumer<TrainingEvent> {
    /**
     * The share of a guess's loss under which a run has learned: far above what the final runs that learned reached,
     * below the one that did not (docs/quality-benchmark.md, "A final run that learns nothing keeps the probe").
     */
    static final double LEARNED_BELOW = 0.75;
    /**
     * The share of a guess's loss from which a run diverged rather than learned too little: answers confidently wrong
     * on the images it trains on come from steps too large, not from too few of them.
     */
    static final double DIVERGED_FROM = 2;
    private int classes;
    private final List<Double> trainLosses = new ArrayList<>();
    /**
     * Whether a step had a learning rate: a linear probe's solver iterations have none, and its fit to convergence,
     * its L2 strength chosen by cross-validation, is not judged (no length or rate would change its loss).
     */
    private boolean gradientSteps;

    @Override
    public void accept(TrainingEvent event) {
        if (event instanceof TrainingEvent.RunStarted started) {
            classes = started.classes().size();
            trainLosses.clear();
            gradientSteps = false;
        } else if (event instanceof TrainingEvent.BatchDone step) {
            gradientSteps |= step.learningRate() > 0;
        } else if (event instanceof TrainingEvent.EpochDone epoch) {
            trainLosses.add(epoch.trainLoss());
        }
    }

    /** Why the run learned nothing; empty when it learned (or ran no gradient step or no epoch to judge). */
    Optional<TrainingEvent.NotLearned> notLearned() {
        if (classes < 2 || trainLosses.isEmpty() || !gradientSteps) {
            return Optional.empty();
        }
        List<Double> secondHalf = trainLosses.subList(trainLosses.size() / 2, trainLosses.size());
        double guess = Math.log(classes);
        if (secondHalf.stream().anyMatch(loss -> !Double.isFinite(loss))) {
            return Optional.of(new TrainingEvent.NotLearned(true, "its training loss became NaN"));
        }
        double lowest = secondHalf.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        if (lowest < LEARNED_BELOW * guess) {
            return Optional.empty();
        }
        if (lowest >= DIVERGED_FROM * guess) {
            return Optional.of(new TrainingEvent.NotLearned(true, String.format(Locale.ROOT, "its training loss stayed"
                    + " at %.2f or above over its last %d epochs, far above a guess's %.2f among %d classes",
                    lowest, secondHalf.size(), guess, classes)));
        }
        return Optional.of(new TrainingEvent.NotLearned(false, String.format(Locale.ROOT, "its training loss stayed at"
                + " %.2f or above over its last %d epochs, where a guess among %d classes scores %.2f", lowest,
                secondHalf.size(), classes, guess)));
    }
}
