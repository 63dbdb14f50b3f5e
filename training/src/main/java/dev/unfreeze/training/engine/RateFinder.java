package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.data.Augmentation;
import dev.unfreeze.training.data.DecodedImages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The learning-rate range test: a throwaway copy of the network trains for a short while with the
 * rate growing exponentially from {@link #START} to {@link #END}; the sweep stops once the loss
 * explodes. The suggestion is fastai's "valley" rule: the middle of the longest stretch over which
 * the smoothed loss keeps falling, which sits safely below the rate where training diverges.
 */
public final class RateFinder {
    static final double START = 1e-6;
    static final double END = 1;
    private static final double SMOOTHING = 0.9;
    private static final double DIVERGED = 4;

    private RateFinder() {}

    /**
     * Sweeps the rate for a recipe's training set-up: the groups that train in the schedule's last
     * epoch (everything for full, gradual and two-stage; the top N for partial; the head alone
     * for feature extraction), with their multipliers, optimiser, augmentation and BatchNorm policy.
     *
     * @param steps optimiser steps in the sweep
     * @param progress told each finished step
     */
    public static RateCurve sweep(ResolvedModel base, List<String> classes, DecodedImages train, Recipe recipe, int steps,
            Device device, IntConsumer progress) throws Exception {
        try (AdaptedModel adapted = AdaptedModel.create(base, classes, recipe.head(), recipe.fromScratch(),
                recipe.data().imageSize(), recipe.seed(), device)) {
            List<GroupParameters> groups = adapted.groups();
            UnfreezeSchedule schedule = PreparedRun.schedule(recipe, groups.size());
            int lastEpoch = Math.max(0, recipe.epochs() - 1);
            List<Double> multipliers = LearningRates.multipliers(recipe.learningRate(), groups.size());
            SweptRate tracker = new SweptRate();
            boolean anyTrains = false;
            for (int g = 0; g < groups.size(); g++) {
                boolean trains = schedule.trains(g, lastEpoch) && multipliers.get(g) > 0;
                anyTrains |= trains;
                groups.get(g).setTrainable(trains, schedule.tuned());
                for (Parameter p : groups.get(g).parameters()) {
                    tracker.multipliers.put(p.getId(), multipliers.get(g));
                }
            }
            boolean adapt = recipe.fromScratch() || recipe.batchNorm() == Recipe.BatchNorm.ADAPT
                    || (recipe.batchNorm() == Recipe.BatchNorm.AUTO && anyTrains
                            && schedule.tuned() == UnfreezeSchedule.Tuned.EVERY_WEIGHT);
            adapted.network().setAdaptStatistics(adapt);
            Recipe.Augmentation augmentationSpec = recipe.augmentation() == null ? Recipe.Augmentation.NONE : recipe.augmentation();
            boolean headOnly = groups.stream().noneMatch(g -> g.trainableCount() > 0) && !augmentationSpec.any() && !adapt;
            Optimizer optimizer = Optimizers.create(recipe.optimizer(), tracker);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer).optDevices(new Device[] {device});
            List<Double> rates = new ArrayList<>();
            List<Double> losses = new ArrayList<>();
            List<Double> smoothed = new ArrayList<>();
            long images = 0;
            long nanos = 0;
            try (Trainer trainer = adapted.model().newTrainer(config);
                    BatchSource source = new BatchSource(train, new Augmentation(augmentationSpec, adapted.preprocessing()),
                            adapted.preprocessing(), recipe.seed())) {
                trainer.initialize(new Shape(1, adapted.preprocessing().channels(), adapted.preprocessing().size(),
                        adapted.preprocessing().size()));
                FeatureCache cache = headOnly ? FeatureCache.compute(adapted.network(), train, adapted.preprocessing(),
                        trainer.getManager(), 64) : null;
                adapted.network().setInputIsFeatures(cache != null);
                int batchSize = Math.min(recipe.batchSize(), train.size());
                Random random = new Random(recipe.seed());
                double average = 0;
                double best = Double.POSITIVE_INFINITY;
                int step = 0;
                for (int epoch = 0; step < steps; epoch++) {
                    int[] order = shuffled(train.size(), random);
                    int batches = train.size() / batchSize;
                    try (BatchSource.Epoch prefetched = source.epoch(order, epoch, batchSize, cache == null)) {
                        for (int b = 0; b < batches && step < steps; b++, step++) {
                            double rate = START * Math.pow(END / START, (double) step / Math.max(1, steps - 1));
                            tracker.rate = rate;
                            long t0 = System.nanoTime();
                            double loss;
                            try (NDManager scope = trainer.getManager().newSubManager()) {
                                BatchSource.HostBatch host = prefetched.next();
                                int from = b * batchSize;
                                int to = from + batchSize;
                                NDArray x = cache != null ? cache.batch(order, from, to, scope)
                                        : scope.create(source.pixelBuffer(host), new Shape(to - from,
                                                adapted.preprocessing().channels(), adapted.preprocessing().size(),
                                                adapted.preprocessing().size()));
                                NDArray y = scope.create(host.labels());
                                prefetched.recycle(host);
                                try (GradientCollector collector = trainer.newGradientCollector()) {
                                    NDList predictions = trainer.forward(new NDList(x));
                                    NDArray lossArray = trainer.getLoss().evaluate(new NDList(y), predictions);
                                    collector.backward(lossArray);
                                    loss = lossArray.getFloat();
                                }
                                trainer.step();
                            }
                            if (step > 0) { // the first step pays for warming up the engine
                                nanos += System.nanoTime() - t0;
                                images += batchSize;
                            }
                            average = SMOOTHING * average + (1 - SMOOTHING) * loss;
                            double debiased = average / (1 - Math.pow(SMOOTHING, step + 1));
                            rates.add(rate);
                            losses.add(loss);
                            smoothed.add(debiased);
                            if (progress != null) {
                                progress.accept(step + 1);
                            }
                            best = Math.min(best, debiased);
                            if (!Double.isFinite(loss) || (step > 5 && debiased > DIVERGED * best)) {
                                step = steps;
                                break;
                            }
                        }
                    }
                }
                adapted.network().setInputIsFeatures(false);
            } finally {
                Optimizers.release(optimizer);
            }
            double suggested = valley(rates, smoothed);
            return new RateCurve(rates, losses, smoothed, suggested,
                    "valley: the middle of the longest stretch of falling smoothed loss",
                    nanos == 0 ? Double.NaN : images / (nanos / 1e9));
        }
    }

    /**
     * fastai's valley rule: the longest decreasing subsequence of the smoothed loss marks the valley;
     * the suggestion sits half-way along it (fastai takes a point a little before the middle).
     */
    static double valley(List<Double> rates, List<Double> losses) {
        int n = losses.size();
        if (n == 0) {
            return Double.NaN;
        }
        int[] length = new int[n];
        int maxEnd = 0;
        int maxStart = 0;
        for (int i = 0; i < n; i++) {
            length[i] = 1;
            for (int j = 0; j < i; j++) {
                if (losses.get(i) < losses.get(j) && length[i] < length[j] + 1) {
                    length[i] = length[j] + 1;
                }
            }
            if (length[i] > length[maxEnd]) {
                maxEnd = i;
                maxStart = maxEnd - length[maxEnd] + 1;
            }
        }
        return rates.get((maxStart + maxEnd) / 2);
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = Folds.all(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** One rate for every parameter, times its group's multiplier, set before each step. */
    private static final class SweptRate implements ParameterTracker {
        final Map<String, Double> multipliers = new HashMap<>();
        volatile double rate = START;

        @Override
        public float getNewValue(String parameterId, int numUpdate) {
            return (float) (rate * multipliers.getOrDefault(parameterId, 1.0));
        }
    }
}
