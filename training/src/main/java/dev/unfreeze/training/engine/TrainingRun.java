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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.EventJson;

/**
 * The training loop: epochs of optimiser steps on one thread, cancellable between batches. Each
 * epoch applies the unfreeze schedule, trains (on cached features while the backbone is a fixed
 * function), evaluates, writes checkpoints and decides on early stopping.
 */
public final class TrainingRun {
    /**
     * Fault injection for resilience tests: the step at which the loop throws, from the system
     * property {@code unfreeze.fault.failAtStep}; never by default.
     */
    private static final long FAIL_AT_STEP = Long.getLong("unfreeze.fault.failAtStep", -1);

    private final Recipe recipe;
    private final PreparedRun prepared;
    private final RunFolder folder;
    private final Consumer<TrainingEvent> events;
    private final RunControl control;
    private final CheckpointStore checkpoints;

    public TrainingRun(Recipe recipe, PreparedRun prepared, RunFolder folder, Consumer<TrainingEvent> events,
            RunControl control, CheckpointStore checkpoints) {
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
        UnfreezeSchedule schedule = prepared.schedule();
        List<Double> multipliers = LearningRates.multipliers(recipe.learningRate(), groups.size());
        int batchSize = recipe.batchSize();
        DecodedImages train = prepared.train();
        DecodedImages val = prepared.val();
        int batches = (train.size() + batchSize - 1) / batchSize;
        LearningRates rates = new LearningRates(recipe.learningRate(), (long) batches * recipe.epochs());
        for (int g = 0; g < groups.size(); g++) {
            for (Parameter p : groups.get(g).parameters()) {
                rates.setMultiplier(p.getId(), multipliers.get(g));
            }
        }
        Optimizer optimizer = Optimizers.create(recipe.optimizer(), rates);
        Augmentation augmentation = new Augmentation(recipe.augmentation() == null ? Recipe.Augmentation.NONE
                : recipe.augmentation(), adapted.preprocessing());
        boolean probeOnly = RecipeResolver.probeOnly(recipe, schedule) && ProbeHead.applies(adapted);
        Checkpoint state = prepared.resumedFrom();
        long step = state == null ? 0 : state.step();
        double best = state == null ? Double.NaN : state.bestMetric();
        int bestEpoch = state == null ? -1 : state.bestEpoch();
        int stale = state == null ? 0 : state.epochsWithoutImprovement();
        int startEpoch = state == null ? 0 : state.epoch() + 1;
        double bestAccuracy = state == null ? 0 : state.bestValAccuracy();
        double bestLoss = state == null ? Double.NaN : state.bestValLoss();
        boolean[] trainable = new boolean[groups.size()];
        FeatureCache trainCache = null;
        FeatureCache valCache = null;
        Device device = adapted.model().getNDManager().getDevice();

        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer).optDevices(new Device[] {device});
        try (Trainer trainer = adapted.model().newTrainer(config);
                BatchSource source = new BatchSource(train, augmentation, adapted.preprocessing(), recipe.seed())) {
            Shape inputShape = new Shape(1, adapted.preprocessing().channels(), adapted.preprocessing().size(),
                    adapted.preprocessing().size());
            trainer.initialize(inputShape);
            events.accept(new TrainingEvent.RunStarted(adapted.base().info().id(), device.toString(), adapted.classes(),
                    groups.stream().map(GroupParameters::name).toList(), train.size(), val.size(), recipe.epochs(),
                    startEpoch, batches, prepared.datasetWarnings()));
            if (probeOnly) {
                return runProbe(trainer, adapted, train, val, optimizer);
            }
            TrainingEvent.TestEvaluated bestTest = null;
            Random random = new Random(recipe.seed() * 31 + startEpoch);
            int epoch = startEpoch;
            for (; epoch < recipe.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                boolean adaptStatistics = adaptsStatistics(schedule, groups.size(), epoch);
                adapted.network().setAdaptStatistics(adaptStatistics);
                for (int g = groups.size() - 1; g >= 0; g--) {
                    boolean trains = schedule.trains(g, epoch) && multipliers.get(g) > 0;
                    if (trains != trainable[g] || epoch == startEpoch) {
                        groups.get(g).setTrainable(trains);
                        trainable[g] = trains;
                    }
                    // Announced in the epoch it thaws only, so a resumed run does not repeat earlier thaws.
                    if (trains && schedule.thawEpochs().get(g) == epoch) {
                        events.accept(new TrainingEvent.GroupThawed(epoch, g, groups.get(g).name()));
                    }
                }
                rates.setLowered(epoch >= schedule.lowerRateFromEpoch());
                boolean backboneFixed = !anyTrue(trainable) && !augmentation.enabled() && !adaptStatistics;
                if (backboneFixed && trainCache == null) {
                    trainCache = FeatureCache.compute(adapted.network(), train, adapted.preprocessing(), trainer.getManager(), 64);
                    valCache = FeatureCache.compute(adapted.network(), val, adapted.preprocessing(), trainer.getManager(), 64);
                } else if (!backboneFixed) {
                    trainCache = null;
                    valCache = null;
                }
                adapted.network().setInputIsFeatures(trainCache != null);
                FrozenStatistics frozenStatistics = adaptStatistics && recipe.batchNorm() == Recipe.BatchNorm.AUTO
                        ? FrozenStatistics.of(groups, trainable) : null;
                int[] order = shuffled(train.size(), random);
                double lossSum = 0;
                long correct = 0;
                try (BatchSource.Epoch prefetched = source.epoch(order, epoch, batchSize, trainCache == null)) {
                    for (int b = 0; b < batches; b++) {
                        if (control.awaitGoAhead()) {
                            adapted.network().setInputIsFeatures(false);
                            Optimizers.release(optimizer);
                            return new TrainingEvent.Cancelled(epoch, b);
                        }
                        if (step == FAIL_AT_STEP) {
                            throw new IllegalStateException("injected engine failure at step " + step);
                        }
                        long t0 = System.nanoTime();
                        int from = b * batchSize;
                        int to = Math.min(train.size(), from + batchSize);
                        rates.setStep(step);
                        double lr = rates.current();
                        try (NDManager scope = trainer.getManager().newSubManager()) {
                            BatchSource.HostBatch host = prefetched.next();
                            NDArray x = trainCache != null ? trainCache.batch(order, from, to, scope)
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
                                correct += predictions.head().argMax(1).eq(y.toType(DataType.INT64, false)).countNonzero().getLong();
                            }
                            trainer.step();
                            lossSum += loss * (to - from);
                            step++;
                            double seconds = (System.nanoTime() - t0) / 1e9;
                            events.accept(new TrainingEvent.BatchDone(epoch, b, step, loss, lr, (to - from) / seconds,
                                    trainCache != null));
                        }
                    }
                }
                if (frozenStatistics != null) {
                    frozenStatistics.restore();
                }
                Evaluation eval = Evaluation.run(adapted, val, valCache, trainer.getManager(), 64);
                long trainableCount = 0;
                for (int g = 0; g < groups.size(); g++) {
                    trainableCount += trainable[g] ? groups.get(g).trainableCount() : 0;
                }
                trainableCount += adapted.layout().groups().get(groups.size()).parameters();
                events.accept(new TrainingEvent.EpochDone(epoch, lossSum / train.size(), (double) correct / train.size(),
                        eval.loss(), eval.matrix().accuracy(), eval.matrix().perClass(), eval.matrix().counts(),
                        trainableCount, (System.nanoTime() - epochStart) / 1e9));

                double metric = metric(eval);
                // without validation images (a tiny set trained on whole) the latest epoch is the best one
                boolean improved = val.size() == 0 || Double.isNaN(best) || metric > best;
                if (improved) {
                    best = metric;
                    bestEpoch = epoch;
                    stale = 0;
                    bestAccuracy = eval.matrix().accuracy();
                    bestLoss = eval.loss();
                } else {
                    stale++;
                }
                adapted.network().setInputIsFeatures(false);
                Checkpoint checkpoint = new Checkpoint(epoch, step, best, bestEpoch, stale, bestAccuracy, bestLoss,
                        adapted.classes(), null, 0, 0);
                checkpoints.write(folder.lastCheckpoint(), checkpoint, adapted.network());
                events.accept(new TrainingEvent.CheckpointSaved(epoch, folder.lastCheckpoint().toString(), false));
                if (improved) {
                    folder.writePredictions(eval.predictions());
                    checkpoints.write(folder.bestCheckpoint(), checkpoint, adapted.network());
                    events.accept(new TrainingEvent.CheckpointSaved(epoch, folder.bestCheckpoint().toString(), true));
                    // the test part is scored with exactly these weights (and BatchNorm statistics), and
                    // reported once at the end: it never takes part in choosing them
                    if (prepared.test().size() > 0) {
                        Evaluation test = Evaluation.run(adapted, prepared.test(), null, trainer.getManager(), 64);
                        bestTest = new TrainingEvent.TestEvaluated(epoch, prepared.test().size(), test.matrix().accuracy(),
                                test.loss(), test.matrix().perClass(), test.matrix().counts());
                        adapted.network().setInputIsFeatures(false);
                    }
                }
                if (recipe.earlyStopping() != null && val.size() > 0 && stale >= recipe.earlyStopping().patience()) {
                    Optimizers.release(optimizer);
                    reportTest(bestTest);
                    return new TrainingEvent.Finished(epoch + 1, bestAccuracy, bestLoss, bestEpoch, true);
                }
            }
            Optimizers.release(optimizer);
            reportTest(bestTest);
            return new TrainingEvent.Finished(epoch, bestAccuracy, bestLoss, bestEpoch, false);
        }
    }

    /**
     * BatchNorm statistics adapt under {@code adapt}, and under {@code auto} in the epochs in which any
     * backbone group trains (measured: fine-tuning with frozen statistics stayed at chance or diverged
     * on greyscale images, adapting reached 0.94); under {@code auto} the frozen groups' statistics are
     * put back after each epoch's training ({@link FrozenStatistics}), so they stay bit-identical.
     * Statistics of random initial weights mean nothing, so a from-scratch baseline always adapts them.
     */
    private boolean adaptsStatistics(UnfreezeSchedule schedule, int groupCount, int epoch) {
        if (recipe.fromScratch() || recipe.batchNorm() == Recipe.BatchNorm.ADAPT) {
            return true;
        }
        if (recipe.batchNorm() != Recipe.BatchNorm.AUTO) {
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
    private TrainingEvent runProbe(Trainer trainer, AdaptedModel adapted, DecodedImages train, DecodedImages val,
            Optimizer optimizer) throws Exception {
        long start = System.nanoTime();
        long[] step = {0};
        LinearProbe.Head head = ProbeHead.fitAndInstall(adapted, train, trainer.getManager(), recipe.seed(),
                loss -> events.accept(new TrainingEvent.BatchDone(0, (int) step[0], ++step[0], loss, 0, 0, true)));
        Evaluation trainEval = Evaluation.run(adapted, train, null, trainer.getManager(), 64);
        Evaluation eval = Evaluation.run(adapted, val, null, trainer.getManager(), 64);
        long trainable = adapted.layout().groups().get(adapted.groups().size()).parameters();
        events.accept(new TrainingEvent.EpochDone(0, head.loss(), trainEval.matrix().accuracy(), eval.loss(),
                eval.matrix().accuracy(), eval.matrix().perClass(), eval.matrix().counts(), trainable,
                (System.nanoTime() - start) / 1e9));
        Checkpoint checkpoint = new Checkpoint(0, step[0], metric(eval), 0, 0, eval.matrix().accuracy(), eval.loss(),
                adapted.classes(), null, 0, 0);
        checkpoints.write(folder.lastCheckpoint(), checkpoint, adapted.network());
        events.accept(new TrainingEvent.CheckpointSaved(0, folder.lastCheckpoint().toString(), false));
        folder.writePredictions(eval.predictions());
        checkpoints.write(folder.bestCheckpoint(), checkpoint, adapted.network());
        events.accept(new TrainingEvent.CheckpointSaved(0, folder.bestCheckpoint().toString(), true));
        TrainingEvent.TestEvaluated test = null;
        if (prepared.test().size() > 0) {
            Evaluation t = Evaluation.run(adapted, prepared.test(), null, trainer.getManager(), 64);
            test = new TrainingEvent.TestEvaluated(0, prepared.test().size(), t.matrix().accuracy(), t.loss(),
                    t.matrix().perClass(), t.matrix().counts());
        }
        Optimizers.release(optimizer);
        reportTest(test);
        return new TrainingEvent.Finished(1, eval.matrix().accuracy(), eval.loss(), 0, false);
    }

    /** Sends the best weights' test result, and keeps it in the run folder for the model card. */
    private void reportTest(TrainingEvent.TestEvaluated result) throws java.io.IOException {
        if (result == null) {
            return;
        }
        java.nio.file.Files.writeString(folder.testMetricsFile(), EventJson.write(result) + "\n");
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
        java.util.Collections.shuffle(list, random);
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
