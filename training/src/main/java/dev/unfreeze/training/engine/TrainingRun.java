package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.data.Augmentation;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.runs.EventJson;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
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
    private final RunFolder folder;
    private final Consumer<TrainingEvent> events;
    private final RunControl control;
    private final CheckpointStore checkpoints;
    private final BiFunction<Recipe.Optimizer, LearningRates, Optimizer> optimizers;

    public TrainingRun(Recipe recipe, PreparedRun prepared, RunFolder folder, Consumer<TrainingEvent> events,
            RunControl control, CheckpointStore checkpoints) {
        this(recipe, prepared, folder, events, control, checkpoints, Optimizers::create);
    }

    /** @param optimizers makes the run's optimiser from the recipe's choice and the rates */
    TrainingRun(Recipe recipe, PreparedRun prepared, RunFolder folder, Consumer<TrainingEvent> events,
            RunControl control, CheckpointStore checkpoints,
            BiFunction<Recipe.Optimizer, LearningRates, Optimizer> optimizers) {
        this.optimizers = optimizers;
        this.recipe = recipe;
        this.prepared = prepared;
        this.folder = folder;
        this.events = events;
        this.control = control;
        this.checkpoints = checkpoints;
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
            return train(new Loop(adapted, multipliers, rates, optimizer, batches));
        } finally {
            // on every path, a failure included: momentum and Adam's moments are native memory
            Optimizers.release(optimizer);
            adapted.network().setInputIsFeatures(false);
        }
    }

    /** What the epochs share: the set-up, and the state that carries from one epoch to the next. */
    private final class Loop {
        final AdaptedModel adapted;
        final List<GroupParameters> groups;
        final List<Double> multipliers;
        final LearningRates rates;
        final Optimizer optimizer;
        final int batches;
        final DecodedImages train = prepared.train();
        final DecodedImages val = prepared.val();
        final UnfreezeSchedule schedule = prepared.schedule();
        final Augmentation augmentation;
        final boolean[] trainable;
        final Checkpoint resumedFrom = prepared.resumedFrom();
        final int startEpoch = resumedFrom == null ? 0 : resumedFrom.epoch() + 1;
        long step = resumedFrom == null ? 0 : resumedFrom.step();
        double best = resumedFrom == null ? Double.NaN : resumedFrom.bestMetric();
        int bestEpoch = resumedFrom == null ? -1 : resumedFrom.bestEpoch();
        int stale = resumedFrom == null ? 0 : resumedFrom.epochsWithoutImprovement();
        double bestAccuracy = resumedFrom == null ? 0 : resumedFrom.bestValAccuracy();
        double bestLoss = resumedFrom == null ? Double.NaN : resumedFrom.bestValLoss();
        FeatureCache trainCache;
        FeatureCache valCache;
        TrainingEvent.TestEvaluated bestTest;

        Loop(AdaptedModel adapted, List<Double> multipliers, LearningRates rates, Optimizer optimizer, int batches) {
            this.adapted = adapted;
            this.groups = adapted.groups();
            this.multipliers = multipliers;
            this.rates = rates;
            this.optimizer = optimizer;
            this.batches = batches;
            this.augmentation = new Augmentation(recipe.augmentation() == null ? Recipe.Augmentation.NONE
                    : recipe.augmentation(), adapted.preprocessing());
            this.trainable = new boolean[groups.size()];
        }
    }

    /** The epochs, from the first (or the resumed one) to the last or an early stop. */
    private TrainingEvent train(Loop loop) throws Exception {
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
            if (probe) {
                if (recipe.epochs() > 1) {
                    events.accept(new TrainingEvent.Notice("The linear head on the frozen backbone is fitted to convergence in"
                            + " one pass over the backbone's features (its L2 strength chosen by cross-validation on the"
                            + " training images), so the " + recipe.epochs() + " epochs asked for do not apply."));
                }
                return runProbe(trainer, adapted, loop.train, loop.val);
            }
            if (startsFromProbe(loop)) {
                ProbeHead.fitAndInstall(adapted, loop.train, trainer.getManager(), recipe.seed(), LinearProbe.Scaling.POOLED,
                        SetupProgress.of(events, "Fitting the head on the backbone's features of " + loop.train.size()
                                + " training images before fine-tuning"), loss -> { });
            }
            Random random = new Random(recipe.seed() * 31 + loop.startEpoch);
            for (int epoch = loop.startEpoch; epoch < recipe.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                boolean adaptStatistics = applySchedule(loop, epoch);
                cacheFeaturesIfFixed(loop, trainer, adaptStatistics);
                FrozenStatistics frozenStatistics = adaptStatistics && recipe.batchNorm() == Recipe.BatchNorm.AUTO
                        ? FrozenStatistics.of(loop.groups, loop.trainable) : null;
                double[] lossAndCorrect = new double[2];
                TrainingEvent.Cancelled cancelled = trainEpoch(loop, trainer, source, epoch, shuffled(loop.train.size(), random),
                        lossAndCorrect);
                if (cancelled != null) {
                    return cancelled;
                }
                if (frozenStatistics != null) {
                    frozenStatistics.restore();
                }
                if (endEpoch(loop, trainer, epoch, lossAndCorrect, epochStart)) {
                    reportTest(loop.bestTest);
                    return new TrainingEvent.Finished(epoch + 1, loop.bestAccuracy, loop.bestLoss, loop.bestEpoch, true);
                }
            }
            reportTest(loop.bestTest);
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
    private boolean applySchedule(Loop loop, int epoch) {
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
    private void cacheFeaturesIfFixed(Loop loop, Trainer trainer, boolean adaptStatistics) {
        boolean backboneFixed = !anyTrue(loop.trainable) && !loop.augmentation.enabled() && !adaptStatistics;
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
     * One epoch of optimiser steps.
     *
     * @param lossAndCorrect receives the summed loss and the number of correct predictions
     * @return the cancellation, when the run was cancelled between two batches; else null
     */
    private TrainingEvent.Cancelled trainEpoch(Loop loop, Trainer trainer, BatchSource source, int epoch, int[] order,
            double[] lossAndCorrect) throws Exception {
        AdaptedModel adapted = loop.adapted;
        int batchSize = recipe.batchSize();
        try (BatchSource.Epoch prefetched = source.epoch(order, epoch, batchSize, loop.trainCache == null)) {
            for (int b = 0; b < loop.batches; b++) {
                if (control.awaitGoAhead()) {
                    return new TrainingEvent.Cancelled(epoch, b);
                }
                long t0 = System.nanoTime();
                int from = b * batchSize;
                int to = Math.min(loop.train.size(), from + batchSize);
                loop.rates.setStep(loop.step);
                double lr = loop.rates.current();
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    BatchSource.HostBatch host = prefetched.next();
                    NDArray x = loop.trainCache != null ? loop.trainCache.batch(order, from, to, scope)
                            : scope.create(source.pixelBuffer(host), new Shape(to - from,
                                    adapted.preprocessing().channels(), adapted.preprocessing().size(),
                                    adapted.preprocessing().size()));
                    NDArray y = scope.create(host.labels());
                    prefetched.recycle(host); // the engine holds its own copy now
                    double loss;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList predictions = trainer.forward(new NDList(x));
                        NDArray lossArray = trainer.getLoss().evaluate(new NDList(y), predictions);
                        collector.backward(lossArray);
                        loss = lossArray.getFloat();
                        lossAndCorrect[1] += predictions.head().argMax(1).eq(y.toType(DataType.INT64, false))
                                .countNonzero().getLong();
                    }
                    trainer.step();
                    lossAndCorrect[0] += loss * (to - from);
                    loop.step++;
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    events.accept(new TrainingEvent.BatchDone(epoch, b, loop.step, loss, lr, (to - from) / seconds,
                            loop.trainCache != null, groupRates(loop, lr)));
                }
            }
        }
        return null;
    }

    /** Each backbone group's rate at the head's rate {@code lr}: its multiplier times it, or null while it is frozen. */
    private static List<Double> groupRates(Loop loop, double lr) {
        List<Double> rates = new ArrayList<>(loop.groups.size());
        for (int g = 0; g < loop.groups.size(); g++) {
            rates.add(loop.trainable[g] ? lr * loop.multipliers.get(g) : null);
        }
        return rates;
    }

    /**
     * Evaluates, reports the epoch, keeps the best weights (and scores the test part with them),
     * writes the checkpoints.
     *
     * @return whether early stopping ends the run here
     */
    private boolean endEpoch(Loop loop, Trainer trainer, int epoch, double[] lossAndCorrect, long epochStart)
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
        events.accept(new TrainingEvent.EpochDone(epoch, lossAndCorrect[0] / loop.train.size(),
                lossAndCorrect[1] / loop.train.size(), eval.loss(), eval.matrix().accuracy(), eval.matrix().perClass(),
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
                loop.bestLoss, adapted.classes(), null, 0, 0);
        saveLast(epoch, checkpoint, adapted);
        // the held-out answers of the model the folder offers: the best epoch's, or (keeping the last) this epoch's,
        // whose weights a cancel leaves in the last checkpoint; without validation images the plan search's fold
        // predictions stay
        if (improved && loop.val.size() > 0) {
            folder.writePredictions(eval.predictions());
        }
        // a run that keeps its last epoch replaces the best checkpoint (the model the folder offers; during an
        // automatic plan, the provisional probe until then) once, at its end
        if (improved && (keepsBest || epoch == recipe.epochs() - 1)) {
            loop.bestTest = saveBest(epoch, checkpoint, adapted, trainer);
        }
        return recipe.earlyStopping() != null && loop.val.size() > 0 && loop.stale >= recipe.earlyStopping().patience();
    }

    /**
     * Whether the head starts from a linear probe (LP-FT, as the recipe asks): a fresh run on pretrained weights,
     * not a baseline from scratch (its features mean nothing yet) and not a resumed run (its head is in the
     * checkpoint).
     */
    private boolean startsFromProbe(Loop loop) {
        return recipe.head().start() == Recipe.Head.Start.PROBE && loop.resumedFrom == null && !recipe.fromScratch()
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
        LinearProbe.Head head = ProbeHead.fitAndInstall(adapted, train, trainer.getManager(), recipe.seed(),
                SetupProgress.of(events, "Computing the backbone's features of " + train.size() + " training images"),
                loss -> events.accept(new TrainingEvent.BatchDone(0, (int) step[0], ++step[0], loss, 0, 0, true)));
        Evaluation trainEval = Evaluation.run(adapted, train, null, trainer.getManager(), 64);
        Evaluation eval = Evaluation.run(adapted, val, null, trainer.getManager(), 64);
        long trainable = adapted.layout().groups().get(adapted.groups().size()).parameters();
        events.accept(new TrainingEvent.EpochDone(0, head.loss(), trainEval.matrix().accuracy(), eval.loss(),
                eval.matrix().accuracy(), eval.matrix().perClass(), eval.matrix().counts(), trainable,
                (System.nanoTime() - start) / 1e9));
        Checkpoint checkpoint = new Checkpoint(0, step[0], metric(eval), 0, 0, eval.matrix().accuracy(), eval.loss(),
                adapted.classes(), null, 0, 0);
        saveLast(0, checkpoint, adapted);
        if (val.size() > 0) {
            folder.writePredictions(eval.predictions());
        }
        reportTest(saveBest(0, checkpoint, adapted, trainer));
        return new TrainingEvent.Finished(1, eval.matrix().accuracy(), eval.loss(), 0, false);
    }

    /** Writes the last checkpoint, the one a resumed run continues from, and says so. */
    private void saveLast(int epoch, Checkpoint checkpoint, AdaptedModel adapted) throws IOException {
        checkpoints.write(folder.lastCheckpoint(), checkpoint, adapted.network());
        events.accept(new TrainingEvent.CheckpointSaved(epoch, folder.lastCheckpoint().toString(), false));
    }

    /**
     * Writes the best checkpoint and scores the test part with exactly its weights (and BatchNorm statistics); the
     * result is reported once, at the end: the test part never takes part in choosing the weights.
     *
     * @return the test result, or null when the dataset has no test part
     */
    private TrainingEvent.TestEvaluated saveBest(int epoch, Checkpoint checkpoint, AdaptedModel adapted, Trainer trainer)
            throws IOException {
        checkpoints.write(folder.bestCheckpoint(), checkpoint, adapted.network());
        events.accept(new TrainingEvent.CheckpointSaved(epoch, folder.bestCheckpoint().toString(), true));
        if (prepared.test().size() == 0) {
            return null;
        }
        Evaluation test = Evaluation.run(adapted, prepared.test(), null, trainer.getManager(), 64);
        return new TrainingEvent.TestEvaluated(epoch, prepared.test().size(), test.matrix().accuracy(), test.loss(),
                test.matrix().perClass(), test.matrix().counts());
    }

    /** Sends the best weights' test result, and keeps it in the run folder for the model card. */
    private void reportTest(TrainingEvent.TestEvaluated result) throws IOException {
        if (result == null) {
            return;
        }
        Files.writeString(folder.testMetricsFile(), EventJson.write(result) + "\n");
        events.accept(result);
    }

    /** The metric that picks the best checkpoint and drives early stopping, as "higher is better". */
    private double metric(Evaluation eval) {
        return metricName() == Recipe.EarlyStopping.Metric.VAL_LOSS ? -eval.loss() : eval.matrix().accuracy();
    }

    private Recipe.EarlyStopping.Metric metricName() {
        return recipe.earlyStopping() == null ? Recipe.EarlyStopping.Metric.VAL_ACCURACY : recipe.earlyStopping().metric();
    }

    private static boolean anyTrue(boolean[] values) {
        for (boolean v : values) {
            if (v) {
                return true;
            }
        }
        return false;
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
