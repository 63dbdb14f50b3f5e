package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
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
import dev.unfreeze.training.catalog.BackboneLoader;
import dev.unfreeze.training.runtime.AdaptedNetwork;
import dev.unfreeze.training.runtime.HeadBlocks;
import dev.unfreeze.training.runtime.NamedArrays;
import dev.unfreeze.training.runtime.SmallCnn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the small CNN from scratch on greyscale images held in memory (how the bundled
 * {@code fashion_cnn} was made), and writes its backbone's weights.
 */
public final class Pretrainer {
    private static final int BATCH = 128;

    /**
     * The outcome.
     *
     * @param testAccuracy accuracy on the held-out images
     * @param parameters trainable backbone parameters
     */
    public record Result(double testAccuracy, long parameters) {}

    private Pretrainer() {}

    /**
     * Trains on {@code train} and measures on {@code test}; both are 8-bit greyscale square images.
     *
     * @param weightsFile where the backbone's weights go (safetensors)
     */
    public static Result pretrain(List<byte[]> train, int[] trainLabels, List<byte[]> test, int[] testLabels, int classes,
            int size, int epochs, long seed, Path weightsFile, Consumer<String> progress) throws IOException {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        try (Model model = Model.newInstance("pretrain", Device.cpu(), "PyTorch")) {
            AdaptedNetwork network = new AdaptedNetwork(SmallCnn.create(), HeadBlocks.create("linear", classes, 0, 0),
                    SmallCnn.FEATURES);
            network.setAdaptStatistics(true);
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            Random random = new Random(seed);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, size, size));
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < train.size(); i++) {
                    order.add(i);
                }
                for (int epoch = 0; epoch < epochs; epoch++) {
                    Collections.shuffle(order, random);
                    double lossSum = 0;
                    for (int from = 0; from < order.size(); from += BATCH) {
                        int to = Math.min(order.size(), from + BATCH);
                        try (NDManager scope = trainer.getManager().newSubManager()) {
                            NDArray[] xy = batch(train, trainLabels, order.subList(from, to), size, scope);
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDList out = trainer.forward(new NDList(xy[0]));
                                NDArray loss = trainer.getLoss().evaluate(new NDList(xy[1]), out);
                                collector.backward(loss);
                                lossSum += loss.getFloat() * (to - from);
                            }
                            trainer.step();
                        }
                    }
                    progress.accept(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f", epoch + 1, epochs,
                            lossSum / train.size()));
                }
            }
            double accuracy = accuracy(network, test, testLabels, size, model.getNDManager());
            Files.createDirectories(weightsFile.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(weightsFile)) {
                NamedArrays.write(network.backbone(), out);
            }
            return new Result(accuracy, BackboneLoader.trainableParameterCount(network.backbone()));
        }
    }

    private static double accuracy(AdaptedNetwork network, List<byte[]> images, int[] labels, int size, NDManager manager) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            all.add(i);
        }
        long correct = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            int to = Math.min(all.size(), from + BATCH);
            try (NDManager scope = manager.newSubManager()) {
                NDArray[] xy = batch(images, labels, all.subList(from, to), size, scope);
                NDArray predicted = network.forward(new ParameterStore(scope, false), new NDList(xy[0]), false).head().argMax(1);
                correct += predicted.eq(xy[1].toType(DataType.INT64, false)).countNonzero().getLong();
            }
        }
        return (double) correct / images.size();
    }

    private static NDArray[] batch(List<byte[]> images, int[] labels, List<Integer> indices, int size, NDManager manager) {
        float[] pixels = new float[indices.size() * size * size];
        float[] y = new float[indices.size()];
        for (int i = 0; i < indices.size(); i++) {
            byte[] image = images.get(indices.get(i));
            for (int p = 0; p < size * size; p++) {
                pixels[i * size * size + p] = (image[p] & 0xff) / 255f;
            }
            y[i] = labels[indices.get(i)];
        }
        return new NDArray[] {manager.create(FloatBuffer.wrap(pixels), new Shape(indices.size(), 1, size, size)),
            manager.create(y)};
    }
}
