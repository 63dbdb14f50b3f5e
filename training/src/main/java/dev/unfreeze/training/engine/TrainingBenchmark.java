package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.catalog.ResolvedModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures fine-tuning throughput on synthetic batches: the whole network trainable, only the head,
 * the top half of the groups, and only the vectors of every group (BitFit); and how much faster a
 * head-only epoch runs on cached features.
 */
public final class TrainingBenchmark {
    /**
     * Untimed steps before the timed ones: at least the first, and more while each is still clearly faster than the
     * one before, up to the last. The first steps of a fresh model grow the allocator's heap (which the engine's
     * settings never trim) and let TorchScript specialise its graph; timed among them, three steps of the frozen
     * backbone measured anywhere from 54 to 117 images/s on the same machine (docs/benchmarks.md).
     */
    private static final int MIN_WARM_UP_STEPS = 3;
    private static final int MAX_WARM_UP_STEPS = 30;
    /** A warm-up step this much faster than the one before means the steps are still settling. */
    private static final double SETTLING = 0.95;
    private final ResolvedModel base;
    private final int imageSize;
    private final int batchSize;

    public TrainingBenchmark(ResolvedModel base, int imageSize, int batchSize) {
        this.base = base;
        this.imageSize = imageSize;
        this.batchSize = batchSize;
    }

    /**
     * The seconds of each of {@code steps} SGD steps with the top {@code trainableGroups} backbone groups trainable
     * (-1: all), after the warm-up; a figure is the batch over their median (one step slowed by a neighbour on a
     * shared machine does not move it).
     */
    public double[] stepSeconds(int trainableGroups, int steps) {
        return stepSeconds(trainableGroups, steps, UnfreezeSchedule.Tuned.EVERY_WEIGHT);
    }

    /** {@link #stepSeconds(int, int)} with only what {@code tuned} names training in those groups (BitFit: the vectors). */
    public double[] stepSeconds(int trainableGroups, int steps, UnfreezeSchedule.Tuned tuned) {
        try (AdaptedModel model = AdaptedModel.create(base, classes(), RecipeCodec.defaults().head(), false, imageSize, 1,
                Device.cpu())) {
            List<GroupParameters> groups = model.groups();
            int from = trainableGroups < 0 ? 0 : groups.size() - trainableGroups;
            for (int g = from; g < groups.size(); g++) {
                groups.get(g).setTrainable(true, tuned);
            }
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.001f)).optMomentum(0.9f).build());
            try (Trainer trainer = model.model().newTrainer(config)) {
                Shape shape = new Shape(batchSize, model.preprocessing().channels(), imageSize, imageSize);
                trainer.initialize(shape);
                NDManager manager = trainer.getManager();
                NDArray x = manager.randomUniform(0, 1, shape);
                NDArray y = manager.randomInteger(0, 10, new Shape(batchSize), DataType.INT32).toType(DataType.FLOAT32, false);
                warmUp(trainer, x, y);
                double[] seconds = new double[Math.max(1, steps)];
                for (int i = 0; i < seconds.length; i++) {
                    long start = System.nanoTime();
                    step(trainer, x, y);
                    seconds[i] = (System.nanoTime() - start) / 1e9;
                }
                return seconds;
            }
        }
    }

    /**
     * A head-only epoch over {@code images} synthetic images that runs the frozen backbone every
     * time, divided by the same epoch on cached features.
     */
    public double cacheSpeedup(int images) {
        try (AdaptedModel model = AdaptedModel.create(base, classes(), RecipeCodec.defaults().head(), false, imageSize, 1,
                Device.cpu())) {
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.001f)).build());
            try (Trainer trainer = model.model().newTrainer(config)) {
                int channels = model.preprocessing().channels();
                trainer.initialize(new Shape(1, channels, imageSize, imageSize));
                NDManager manager = trainer.getManager();
                NDArray x = manager.randomUniform(0, 1, new Shape(batchSize, channels, imageSize, imageSize));
                NDArray y = manager.zeros(new Shape(batchSize));
                int batches = (images + batchSize - 1) / batchSize;
                step(trainer, x, y);
                long start = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    step(trainer, x, y);
                }
                double recompute = System.nanoTime() - start;
                NDArray features = model.network().features(new ParameterStore(manager, false), new NDList(x), false).head();
                model.network().setInputIsFeatures(true);
                step(trainer, features, y);
                start = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    step(trainer, features, y);
                }
                double cached = System.nanoTime() - start;
                model.network().setInputIsFeatures(false);
                return recompute / cached;
            }
        }
    }

    /** Steps until they stop getting faster (see {@link #MIN_WARM_UP_STEPS}). */
    private static void warmUp(Trainer trainer, NDArray x, NDArray y) {
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < MAX_WARM_UP_STEPS; i++) {
            long start = System.nanoTime();
            step(trainer, x, y);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (i + 1 >= MIN_WARM_UP_STEPS && seconds > SETTLING * previous) {
                return;
            }
            previous = seconds;
        }
    }

    private static void step(Trainer trainer, NDArray x, NDArray y) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList out = trainer.forward(new NDList(x));
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
            collector.backward(loss);
        }
        trainer.step();
    }

    private static List<String> classes() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add("class" + i);
        }
        return names;
    }
}
