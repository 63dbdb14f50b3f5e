package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.runtime.AdaptedNetwork;
import java.nio.FloatBuffer;
import java.util.function.DoubleConsumer;

/**
 * The backbone's features of every image, computed once. Valid while every backbone group is
 * frozen, augmentation is off and BatchNorm statistics are frozen: then the backbone is a fixed
 * function and recomputing it each epoch would only waste time. The run drops it when a group thaws.
 */
final class FeatureCache {
    private final float[][] features;
    private final int dimension;

    private FeatureCache(float[][] features, int dimension) {
        this.features = features;
        this.dimension = dimension;
    }

    static FeatureCache compute(AdaptedNetwork network, DecodedImages images, Preprocessing prep, NDManager parent,
            int batchSize) {
        return compute(network, images, prep, parent, batchSize, done -> { });
    }

    /** As above, telling {@code progress} the share of images done after each batch. */
    static FeatureCache compute(AdaptedNetwork network, DecodedImages images, Preprocessing prep, NDManager parent,
            int batchSize, DoubleConsumer progress) {
        float[][] result = new float[images.size()][];
        int[] order = new int[images.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        BatchSource source = new BatchSource(images, prep);
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            try (NDManager scope = parent.newSubManager()) {
                NDArray x = source.batch(order, from, to, scope)[0];
                NDArray f = network.features(new ParameterStore(scope, false), new NDList(x), false).head();
                float[] flat = f.toFloatArray();
                for (int i = from; i < to; i++) {
                    result[i] = new float[network.featureDimension()];
                    System.arraycopy(flat, (i - from) * network.featureDimension(), result[i], 0, network.featureDimension());
                }
            }
            progress.accept((double) to / order.length);
        }
        return new FeatureCache(result, network.featureDimension());
    }

    /** The features, one row per image (shared, do not modify). */
    float[][] rows() {
        return features;
    }

    /** The cached features of {@code order[from..to)} as an N x D array. */
    NDArray batch(int[] order, int from, int to, NDManager manager) {
        float[] flat = new float[(to - from) * dimension];
        for (int i = from; i < to; i++) {
            System.arraycopy(features[order[i]], 0, flat, (i - from) * dimension, dimension);
        }
        return manager.create(FloatBuffer.wrap(flat), new Shape(to - from, dimension));
    }
}
