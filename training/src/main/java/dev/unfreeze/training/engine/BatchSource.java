package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.unfreeze.training.data.Augmentation;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Preprocessing;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Assembles training batches (augmented or not) on a background thread, a few batches ahead of
 * the training step, so the engine never waits for pixels. Each image's augmentation draws from its
 * own random stream (seed, epoch, position), so batches are the same whichever thread makes them.
 */
final class BatchSource implements AutoCloseable {
    private static final int AHEAD = 3;
    /** Batch arrays handed back after use: tens of megabytes each, too big to allocate per batch. */
    private final BlockingQueue<float[]> spare = new ArrayBlockingQueue<>(AHEAD + 2);

    private final DecodedImages images;
    private final Augmentation augmentation;
    private final Preprocessing preprocessing;
    private final int length;
    private final long seed;
    private final ExecutorService producer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "unfreeze-prefetch");
        t.setDaemon(true);
        return t;
    });

    /**
     * Batch pixels and labels in host memory.
     *
     * @param pixels N x C x H x W floats at the start of the array (a reused array may be longer),
     *     or null when only labels were asked for
     * @param labels class indices as floats; their count N is the batch's size
     */
    record HostBatch(float[] pixels, float[] labels) {}

    /** The batch's pixels as a buffer of exactly its N x C x H x W floats. */
    FloatBuffer pixelBuffer(HostBatch batch) {
        return FloatBuffer.wrap(batch.pixels(), 0, batch.labels().length * length);
    }

    /**
     * @param augmentation what to do to each training image, or null for none
     * @param seed the run's seed, from which each image's augmentation is drawn
     */
    BatchSource(DecodedImages images, Augmentation augmentation, Preprocessing preprocessing, long seed) {
        this.images = images;
        this.augmentation = augmentation;
        this.preprocessing = preprocessing;
        this.length = preprocessing.length();
        this.seed = seed;
    }

    /** A source of plain (not augmented) batches, for evaluation and feature caching. */
    BatchSource(DecodedImages images, Preprocessing preprocessing) {
        this(images, null, preprocessing, 0);
    }

    /** The images at {@code order[from..to)}, not augmented, as an N x C x H x W array and their labels. */
    NDArray[] batch(int[] order, int from, int to, NDManager manager) {
        HostBatch host = build(order, 0, from, to, true);
        NDArray x = manager.create(FloatBuffer.wrap(host.pixels()),
                new Shape(to - from, preprocessing.channels(), preprocessing.size(), preprocessing.size()));
        return new NDArray[] {x, manager.create(host.labels())};
    }

    /** Starts preparing the batches of one epoch, in {@code order}. */
    Epoch epoch(int[] order, int epoch, int batchSize, boolean pixels) {
        Epoch e = new Epoch(order, epoch, batchSize, pixels);
        producer.execute(e::produce);
        return e;
    }

    /** Builds one batch now, on the calling thread (and the common pool), into a new array. */
    HostBatch build(int[] order, int epoch, int from, int to, boolean withPixels) {
        return build(order, epoch, from, to, withPixels, null);
    }

    /** Builds one batch into {@code into} when it is large enough, else into a new array. */
    private HostBatch build(int[] order, int epoch, int from, int to, boolean withPixels, float[] into) {
        int n = to - from;
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = images.sample(order[from + i]).label();
        }
        if (!withPixels) {
            return new HostBatch(null, labels);
        }
        float[] pixels = into != null && into.length >= n * length ? into : new float[n * length];
        IntStream.range(0, n).parallel().forEach(i -> {
            int index = order[from + i];
            if (augmentation != null && augmentation.enabled()) {
                augmentation.apply(images.pixels(index), new SplittableRandom(mix(seed, epoch, from + i)), pixels, i * length);
            } else {
                images.copyPixels(index, pixels, i * length);
            }
        });
        return new HostBatch(pixels, labels);
    }

    private static long mix(long seed, int epoch, int position) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + position * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    @Override
    public void close() {
        producer.shutdownNow();
    }

    /** One epoch's batches, made ahead. */
    final class Epoch implements AutoCloseable {
        private final int[] order;
        private final int epoch;
        private final int batchSize;
        private final boolean pixels;
        private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(AHEAD);
        private volatile boolean closed;

        private Epoch(int[] order, int epoch, int batchSize, boolean pixels) {
            this.order = order;
            this.epoch = epoch;
            this.batchSize = batchSize;
            this.pixels = pixels;
        }

        private void produce() {
            try {
                for (int from = 0; from < order.length && !closed; from += batchSize) {
                    Object batch;
                    try {
                        batch = build(order, epoch, from, Math.min(order.length, from + batchSize), pixels, spare.poll());
                    } catch (RuntimeException e) {
                        batch = e;
                    }
                    while (!closed && !ready.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                        // the training step is behind; wait for room
                    }
                    if (batch instanceof RuntimeException) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Hands a batch's array back for a later batch, once its pixels have been copied to the engine. */
        void recycle(HostBatch batch) {
            if (batch.pixels() != null) {
                spare.offer(batch.pixels());
            }
        }

        /** The next batch, waiting for it if it is not ready yet. */
        HostBatch next() {
            Object batch;
            try {
                batch = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
            if (batch instanceof RuntimeException failure) {
                throw failure;
            }
            return (HostBatch) batch;
        }

        @Override
        public void close() {
            closed = true;
            ready.clear();
        }
    }
}
