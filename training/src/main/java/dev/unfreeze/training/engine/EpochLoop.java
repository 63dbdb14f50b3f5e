package dev.unfreeze.training.engine;

import ai.djl.training.optimizer.Optimizer;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.data.Augmentation;
import dev.unfreeze.training.data.DecodedImages;
import java.util.List;

/** What a run's epochs share: the set-up, and the state that carries from one epoch to the next. */
final class EpochLoop {
    final AdaptedModel adapted;
    final List<GroupParameters> groups;
    final List<Double> multipliers;
    final LearningRates rates;
    final Optimizer optimizer;
    final int batches;
    final DecodedImages train;
    final DecodedImages val;
    final UnfreezeSchedule schedule;
    final Augmentation augmentation;
    /** Whether each backbone group trains in the current epoch. */
    final boolean[] trainable;
    final Checkpoint resumedFrom;
    /** The optimiser's state the resumed run continues from, empty for a new run. */
    final byte[] resumedOptimizer;
    final int startEpoch;
    long step;
    double best;
    int bestEpoch;
    int stale;
    double bestAccuracy;
    double bestLoss;
    FeatureCache trainCache;
    FeatureCache valCache;
    TrainingEvent.TestEvaluated bestTest;

    EpochLoop(Recipe recipe, PreparedRun prepared, List<Double> multipliers, LearningRates rates, Optimizer optimizer,
            int batches) {
        this.adapted = prepared.model();
        this.groups = adapted.groups();
        this.multipliers = multipliers;
        this.rates = rates;
        this.optimizer = optimizer;
        this.batches = batches;
        this.train = prepared.train();
        this.val = prepared.val();
        this.schedule = prepared.schedule();
        this.augmentation = new Augmentation(recipe.augmentation() == null ? Recipe.Augmentation.NONE
                : recipe.augmentation(), adapted.preprocessing());
        this.trainable = new boolean[groups.size()];
        this.resumedFrom = prepared.resumedFrom() == null ? null : prepared.resumedFrom().state();
        this.resumedOptimizer = prepared.resumedFrom() == null ? new byte[0] : prepared.resumedFrom().optimizer();
        this.startEpoch = resumedFrom == null ? 0 : resumedFrom.epoch() + 1;
        this.step = resumedFrom == null ? 0 : resumedFrom.step();
        this.best = resumedFrom == null ? Double.NaN : resumedFrom.bestMetric();
        this.bestEpoch = resumedFrom == null ? -1 : resumedFrom.bestEpoch();
        this.stale = resumedFrom == null ? 0 : resumedFrom.epochsWithoutImprovement();
        this.bestAccuracy = resumedFrom == null ? 0 : resumedFrom.bestValAccuracy();
        this.bestLoss = resumedFrom == null ? Double.NaN : resumedFrom.bestValLoss();
    }

    /** Whether any backbone group trains in the current epoch. */
    boolean anyGroupTrains() {
        for (boolean trains : trainable) {
            if (trains) {
                return true;
            }
        }
        return false;
    }
}
