package dev.unfreeze.training.engine;

import ai.djl.training.Trainer;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeSchedule;
import java.util.function.Consumer;

/** The end of an epoch: the validation score, the epoch's report, the best weights kept, early stopping. */
final class EpochEnd {
    private final Recipe recipe;
    private final Consumer<TrainingEvent> events;
    private final RunRecords records;

    EpochEnd(Recipe recipe, Consumer<TrainingEvent> events, RunRecords records) {
        this.recipe = recipe;
        this.events = events;
        this.records = records;
    }

    /**
     * Evaluates, reports the epoch, keeps the best weights (and scores the test part with them),
     * writes the checkpoints.
     *
     * @return whether early stopping ends the run here
     */
    boolean run(EpochLoop loop, Trainer trainer, int epoch, EpochSteps.Outcome.Trained trained, long epochStart)
            throws Exception {
        AdaptedModel adapted = loop.adapted;
        Evaluation eval = Evaluation.run(adapted, loop.val, loop.valCache, trainer.getManager(), 64);
        long trainableCount = adapted.layout().groups().get(loop.groups.size()).parameters();
        for (int g = 0; g < loop.groups.size(); g++) {
            GroupParameters group = loop.groups.get(g);
            long learning = loop.schedule.tuned() == UnfreezeSchedule.Tuned.SCALES_AND_BIASES
                    ? group.scalesAndBiasesCount() : group.trainableCount();
            trainableCount += loop.trainable[g] ? learning : 0;
        }
        events.accept(new TrainingEvent.EpochDone(epoch, trained.lossSum() / loop.train.size(),
                (double) trained.correct() / loop.train.size(), eval.loss(), eval.matrix().accuracy(), eval.matrix().perClass(),
                eval.matrix().counts(), trainableCount, (System.nanoTime() - epochStart) / 1e9));

        double metric = metric(eval);
        // only a run that stops early on its validation images keeps its best epoch by them; any other run's model is
        // the end of its schedule (its rate decayed), which the validation curve then judges honestly: picking the best
        // of many epochs on a few held-out images is an optimistic score, and on tiny data a noisy pick
        boolean keepsBest = recipe.earlyStopping() != null && loop.val.size() > 0;
        boolean improved = !keepsBest || Double.isNaN(loop.best) || metric > loop.best;
        if (improved) {
            loop.best = metric;
            loop.bestEpoch = epoch;
            loop.stale = 0;
            loop.bestAccuracy = eval.matrix().accuracy();
            loop.bestLoss = eval.loss();
        } else {
            loop.stale++;
        }
        adapted.network().setInputIsFeatures(false);
        Checkpoint checkpoint = new Checkpoint(epoch, loop.step, loop.best, loop.bestEpoch, loop.stale, loop.bestAccuracy,
                loop.bestLoss, adapted.classes(), ConfidenceTemperature.NONE, null, 0, 0, 0);
        records.saveLast(epoch, checkpoint, adapted, OptimizerState.encode(loop.optimizer, adapted.network()));
        // a run that keeps its last epoch replaces the best checkpoint (the model the folder offers; during an
        // automatic plan, the provisional probe until then) once, at its end
        boolean savesBest = improved && (keepsBest || epoch == recipe.epochs() - 1);
        float temperature = savesBest ? records.temperatureFor(eval) : ConfidenceTemperature.NONE;
        // the held-out answers of the model the folder offers: the best epoch's, or (keeping the last) this epoch's,
        // whose weights a cancel leaves in the last checkpoint; without validation images the plan search's fold
        // predictions stay
        if (improved && loop.val.size() > 0) {
            records.savePredictions(eval.withTemperature(temperature));
        }
        if (savesBest) {
            loop.bestTest = records.saveBest(epoch, checkpoint, adapted, trainer, temperature, loop.val.size());
        }
        return recipe.earlyStopping() != null && loop.val.size() > 0 && loop.stale >= recipe.earlyStopping().patience();
    }

    /** The metric that picks the best checkpoint and drives early stopping, as "higher is better". */
    double metric(Evaluation eval) {
        return metricName() == Recipe.EarlyStopping.Metric.VAL_LOSS ? -eval.loss() : eval.matrix().accuracy();
    }

    private Recipe.EarlyStopping.Metric metricName() {
        return recipe.earlyStopping() == null ? Recipe.EarlyStopping.Metric.VAL_ACCURACY : recipe.earlyStopping().metric();
    }

}
