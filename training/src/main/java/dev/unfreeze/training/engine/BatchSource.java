package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.unfreeze.training.data.Augmentation;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Preprocessing;
import java.nio.FloatBuffer;
import java.util.Random;

/** Assembles batches of images (augmented or not) from decoded images. */
final class BatchSource {
    private final DecodedImages images;
    private final Preprocessing preprocessing;
    private final Augmentation augmentation;

    BatchSource(DecodedImages images, Preprocessing preprocessing, Augmentation augmentation) {
        this.images = images;
        this.preprocessing = preprocessing;
        this.augmentation = augmentation;
    }

    /** The images at {@code order[from..to)} as an N x C x H x W array, and their labels. */
    NDArray[] batch(int[] order, int from, int to, NDManager manager, Random random) {
        int n = to - from;
        int length = preprocessing.length();
        float[] pixels = new float[n * length];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int index = order[from + i];
            float[] src = images.pixels(index);
            if (augmentation != null && augmentation.enabled()) {
                augmentation.apply(src, preprocessing.channels(), preprocessing.size(), random, pixels, i * length);
            } else {
                System.arraycopy(src, 0, pixels, i * length, length);
            }
            labels[i] = images.sample(index).label();
        }
        NDArray x = manager.create(FloatBuffer.wrap(pixels),
                new Shape(n, preprocessing.channels(), preprocessing.size(), preprocessing.size()));
        NDArray y = manager.create(labels);
        return new NDArray[] {x, y};
    }
}
