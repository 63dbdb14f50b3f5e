package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.runs.RunFolder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The training loop: epochs of optimiser steps on one thread, cancellable between batches. Each
 * epoch applies the unfreeze schedule, trains (on cached features while the backbone is a fixed
 * function), evaluates, writes checkpoints and decides on early stopping.
 */
public final class TrainingRun {
    private final Recipe recipe;
    private final PreparedRun prepared;
    private final Consumer<TrainingEvent> events;
    private final BiFunction<Recipe.Optimizer, LearningRates, Optimizer> optimizers;
    private final EpochSteps steps;
    private final RunRecords records;
    private final EpochEnd epochEnd;
    private final KnownFeatures known;

    public TrainingRun(Recipe recipe, PreparedRun prepared, RunFolder folder, Consumer<TrainingEvent> events,
            RunControl control, CheckpointStore checkpoints) {
        this(recipe, prepared, folder, events, control, checkpoints, Optimizers::create, KnownFeatures.NONE);
    }

    /**
     * @param optimizers makes the run's optimiser from the recipe's choice and the rates
     * @param known features of the training images an earlier step of the run computed (the plan search's
     *     provisional probe): a probe does not compute them again
     */
    TrainingRun(Recipe recipe, PreparedRun prepared, RunFolder folder, Consumer<TrainingEvent> events,
            RunControl control, CheckpointStore checkpoints,
            BiFunction<Recipe.Optimizer, LearningRates, Optimizer> optimizers, KnownFeatures known) {
        this.optimizers = optimizers;
        this.known = known;
        this.recipe = recipe;
        this.prepared = prepared;
        this.events = events;
        this.steps = new EpochSteps(events, control, recipe.batchSize());
        this.records = new RunRecords(folder, checkpoints, events, prepared.test(),
                ConfidenceTemperature.rule(recipe, prepared.schedule(), prepared.val().size(),
                        prepared.model().base().metadata()));
        this.epochEnd = new EpochEnd(recipe, events, records);
    }

    /**
     * Trains from the prepared state to the last epoch.
     *
     * @return the terminal event (finished or cancelled); failures are thrown
     */
    public TrainingEvent run() throws Exception {
        AdaptedModel adapted = prepared.model();
        List<GroupParameters> groups = adapted.groups();
        int batches = (prepared.train().size() + recipe.batchSize() - 1) / recipe.batchSize();
        List<Double> multipliers = LearningRates.multipliers(recipe.learningRate(), groups.size());
        LearningRates rates = new LearningRates(recipe.learningRate(), (long) batches * recipe.epochs());
        for (int g = 0; g < groups.size(); g++) {
            for (Parameter p : groups.get(g).parameters()) {
                rates.setMultiplier(p.getId(), multipliers.get(g));
            }
        }
        Optimizer optimizer = optimizers.apply(recipe.optimizer(), rates);
        try {
            return train(new EpochLoop(recipe, prepared, multipliers, rates, optimizer, batches));
        } finally {
            // on every path, a failure included: momentum and Adam's moments are native memory
            Optimizers.release(optimizer);
            adapted.network().setInputIsFeatures(false);
        }
    }

    /** The epochs, from the first (or the resumed one) to the last or an early stop. */
    private TrainingEvent train(EpochLoop loop) throws Exception {
        AdaptedModel adapted = loop.adapted;
        Device device = adapted.model().getNDManager().getDevice();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(loop.optimizer).optDevices(new Device[] {device});
        try (Trainer trainer = adapted.model().newTrainer(config);
                BatchSource source = new BatchSource(loop.train, loop.augmentation, adapted.preprocessing(), recipe.seed())) {
            trainer.initialize(new Shape(1, adapted.preprocessing().channels(), adapted.preprocessing().size(),
                    adapted.preprocessing().size()));
            // a linear head on a frozen backbone is fitted to convergence in one pass over the cached features
            boolean probe = RecipeResolver.probeOnly(recipe, loop.schedule) && ProbeHead.applies(adapted);
            events.accept(new TrainingEvent.RunStarted(adapted.base().info().id(), device.toString(), adapted.classes(),
                    loop.groups.stream().map(GroupParameters::name).toList(), loop.train.size(), loop.val.size(),
                    probe ? 1 : recipe.epochs(), loop.startEpoch, loop.batches, prepared.datasetWarnings()));
            if (records.temperature() != ConfidenceTemperature.NONE) {
                events.accept(new TrainingEvent.Notice("Every labelled image trains and none is held out, so the model's"
                        + " percentages would run high; its scores are divided by " + records.temperature()
                        + " when it is saved (the temperature measured for this backbone), which changes none of its"
                        + " answers."));
            }
            if (loop.resumedFrom != null) {
                records.sayKeptTemperature(loop.val.size());
            }
            if (probe) {
                if (recipe.epochs() > 1) {
                    events.accept(new TrainingEvent.Notice("The linear head on the frozen backbone is fitted to convergence in"
                            + " one pass over the backbone's features (its L2 strength chosen by cross-validation on the"
                            + " training images), so the " + recipe.epochs() + " epochs asked for do not apply."));
                }
                return runProbe(trainer, adapted, loop.train, loop.val);
            }
            if (startsFromProbe(loop)) {
                ProbeHead.fitAndInstall(adapted, loop.train, known, trainer.getManager(), recipe.seed(),
                        LinearProbe.Scaling.POOLED,
                        SetupProgress.of(events, "Fitting the head on the backbone's features of " + loop.train.size()
                                + " training images before fine-tuning"), loss -> { });
            }
            OptimizerState.restore(loop.optimizer, adapted.network(), loop.resumedOptimizer, device);
            for (int epoch = loop.startEpoch; epoch < recipe.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                // each epoch's chances (image order, dropout) come from the seed and the epoch alone, as its
                // augmentation does, so that a resumed epoch draws what it would have drawn without the stop
                Engine.getEngine("PyTorch").setRandomSeed(epochSeed(epoch));
                boolean adaptStatistics = applySchedule(loop, epoch);
                cacheFeaturesIfFixed(loop, trainer, adaptStatistics);
                FrozenStatistics frozenStatistics = adaptStatistics && recipe.batchNorm() == Recipe.BatchNorm.AUTO
                        ? FrozenStatistics.of(loop.groups, loop.trainable) : null;
                EpochSteps.Outcome outcome = steps.run(loop, trainer, source, epoch, shuffled(loop.train.size(),
                        new Random(epochSeed(epoch))));
                if (outcome instanceof EpochSteps.Outcome.Stopped stopped) {
                    return stopped.cancelled();
                }
                if (frozenStatistics != null) {
                    frozenStatistics.restore();
                }
                if (epochEnd.run(loop, trainer, epoch, (EpochSteps.Outcome.Trained) outcome, epochStart)) {
                    records.reportTest(loop.bestTest);
                    return new TrainingEvent.Finished(epoch + 1, loop.bestAccuracy, loop.bestLoss, loop.bestEpoch, true);
                }
            }
            records.reportTest(loop.bestTest);
            return new TrainingEvent.Finished(Math.max(recipe.epochs(), loop.startEpoch), loop.bestAccuracy, loop.bestLoss,
                    loop.bestEpoch, false);
        }
    }

    /**
     * Thaws and freezes groups as the schedule says for this epoch (announcing a group in the epoch
     * it thaws only, so a resumed run does not repeat earlier thaws), and sets the rates' stage.
     *
     * @return whether BatchNorm statistics adapt in this epoch
     */
    private boolean applySchedule(EpochLoop loop, int epoch) {
        boolean adaptStatistics = adaptsStatistics(loop.schedule, loop.groups.size(), epoch);
        loop.adapted.network().setAdaptStatistics(adaptStatistics);
        for (int g = loop.groups.size() - 1; g >= 0; g--) {
            boolean trains = loop.schedule.trains(g, epoch) && loop.multipliers.get(g) > 0;
            if (trains != loop.trainable[g] || epoch == loop.startEpoch) {
                loop.groups.get(g).setTrainable(trains, loop.schedule.tuned());
                loop.trainable[g] = trains;
            }
            if (trains && loop.schedule.thawEpochs().get(g) == epoch) {
                events.accept(new TrainingEvent.GroupThawed(epoch, g, loop.groups.get(g).name()));
            }
        }
        loop.rates.setLowered(epoch >= loop.schedule.lowerRateFromEpoch());
        return adaptStatistics;
    }

    /**
     * While the backbone is a fixed function (nothing in it trains, no augmentation, statistics
     * fixed), its features are computed once and the head trains on them: far faster.
     */
    private void cacheFeaturesIfFixed(EpochLoop loop, Trainer trainer, boolean adaptStatistics) {
        boolean backboneFixed = !loop.anyGroupTrains() && !loop.augmentation.enabled() && !adaptStatistics;
        if (backboneFixed && loop.trainCache == null) {
            AdaptedModel adapted = loop.adapted;
            loop.trainCache = FeatureCache.compute(adapted.network(), loop.train, adapted.preprocessing(), trainer.getManager(),
                    64, SetupProgress.of(events, "Computing the backbone's features of " + loop.train.size() + " training images"));
            loop.valCache = FeatureCache.compute(adapted.network(), loop.val, adapted.preprocessing(), trainer.getManager(),
                    64, SetupProgress.of(events, "Computing the backbone's features of " + loop.val.size() + " validation images"));
        } else if (!backboneFixed) {
            loop.trainCache = null;
            loop.valCache = null;
        }
        loop.adapted.network().setInputIsFeatures(loop.trainCache != null);
    }

    /**
     * Whether the head starts from a linear probe (LP-FT, as the recipe asks): a fresh run on pretrained weights,
     * not a baseline from scratch (its features mean nothing yet) and not a resumed run (its head is in the
     * checkpoint).
     */
    private boolean startsFromProbe(EpochLoop loop) {
        return recipe.head().start() == RecipeHead.Start.PROBE && loop.resumedFrom == null && !recipe.fromScratch()
                && ProbeHead.applies(loop.adapted);
    }

    /**
     * BatchNorm statistics adapt under {@code adapt}, and under {@code auto} in the epochs in which any
     * backbone group trains (measured: fine-tuning with frozen statistics stayed at chance or diverged
     * on greyscale images, adapting reached 0.94); under {@code auto} the frozen groups' statistics are
     * put back after each epoch's training ({@link FrozenStatistics}), so they stay bit-identical. A plan that
     * tunes only scales and biases keeps the pretrained statistics under {@code auto}: the scales and shifts it
     * learns are fitted to them, and a few images' batch statistics would only add noise.
     * Statistics of random initial weights mean nothing, so a from-scratch baseline always adapts them.
     */
    private boolean adaptsStatistics(UnfreezeSchedule schedule, int groupCount, int epoch) {
        if (recipe.fromScratch() || recipe.batchNorm() == Recipe.BatchNorm.ADAPT) {
            return true;
        }
        if (recipe.batchNorm() != Recipe.BatchNorm.AUTO || schedule.tuned() == UnfreezeSchedule.Tuned.SCALES_AND_BIASES) {
            return false;
        }
        for (int g = 0; g < groupCount; g++) {
            if (schedule.trains(g, epoch)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A feature-extraction run: the linear head fitted to convergence on the cached features (its
     * L2 strength chosen by cross-validation on the training images), then scored like an epoch.
     */
    private TrainingEvent runProbe(Trainer trainer, AdaptedModel adapted, DecodedImages train, DecodedImages val)
            throws Exception {
        long start = System.nanoTime();
        long[] step = {0};
        ProbeHead.Fitted fitted = ProbeHead.fitAndInstall(adapted, train, known, trainer.getManager(), recipe.seed(),
                LinearProbe.Scaling.PER_FEATURE,
                SetupProgress.of(events, "Computing the backbone's features of " + train.size() + " training images"),
                loss -> events.accept(new TrainingEvent.BatchDone(0, (int) step[0], ++step[0], loss, 0, 0, true)));
        LinearProbe.Head head = fitted.head();
        // the training accuracy from the features just used: running the backbone over the images again would
        // double the probe's time
        double trainAccuracy = head.accuracy(fitted.features(), train.labels(), Folds.all(train.size()));
        Evaluation eval = Evaluation.run(adapted, val, null, trainer.getManager(), 64);
        long trainable = adapted.layout().groups().get(adapted.groups().size()).parameters();
        events.accept(new TrainingEvent.EpochDone(0, head.loss(), trainAccuracy, eval.loss(),
                eval.matrix().accuracy(), eval.matrix().perClass(), eval.matrix().counts(), trainable,
                (System.nanoTime() - start) / 1e9));
        Checkpoint checkpoint = new Checkpoint(0, step[0], epochEnd.metric(eval), 0, 0, eval.matrix().accuracy(), eval.loss(),
                adapted.classes(), ConfidenceTemperature.NONE, null, 0, 0, 0);
        records.saveLast(0, checkpoint, adapted, new byte[0]); // the probe's fit keeps no state between steps
        if (val.size() > 0) {
            records.savePredictions(eval);
        }
        records.reportTest(records.saveBest(0, checkpoint, adapted, trainer, records.temperature(), 0));
        return new TrainingEvent.Finished(1, eval.matrix().accuracy(), eval.loss(), 0, false);
    }

    private int epochSeed(int epoch) {
        return (int) (recipe.seed() * 31 + epoch);
    }

    private static int[] shuffled(int n, Random random) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        Collections.shuffle(list, random);
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
