package dev.unfreeze.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images decoded and resized once (on all cores), kept as C x H x W 8-bit samples (exact, since the
 * resize rounds to 8 bits; a quarter of their floats' memory) in memory when they fit the budget and in
 * a cache file in the workspace otherwise, so that epochs after the first do not decode again. Files that
 * cannot be decoded are skipped and listed.
 */
public final class DecodedImages implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecodedImages.class);

    private final List<Sample> samples;
    private final int[] slots;
    private final PixelStore store;
    private final Preprocessing preprocessing;
    private final List<String> skipped;
    private final boolean ownsStore;

    private DecodedImages(List<Sample> samples, int[] slots, PixelStore store, Preprocessing preprocessing, List<String> skipped,
            boolean ownsStore) {
        this.samples = samples;
        this.slots = slots;
        this.store = store;
        this.preprocessing = preprocessing;
        this.skipped = skipped;
        this.ownsStore = ownsStore;
    }

    /**
     * Some of these images, without decoding or copying them again: the folds of a plan search are
     * views of one decoded set. Closing a subset leaves the pixels to their owner.
     */
    public DecodedImages subset(int[] indices) {
        List<Sample> chosen = new ArrayList<>();
        int[] chosenSlots = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            chosen.add(samples.get(indices[i]));
            chosenSlots[i] = slots[indices[i]];
        }
        return new DecodedImages(List.copyOf(chosen), chosenSlots, store, preprocessing, List.of(), false);
    }

    /**
     * These images decoded at another input size ({@code size} 0 or the same: these images themselves); decoded
     * images are a network's inputs, so a network of another size needs them decoded again.
     */
    public DecodedImages atSize(int size, long memoryBudget, Path spillFolder) {
        if (!decodesAgainAt(size)) {
            return this;
        }
        return decode(samples(), new Preprocessing(size, preprocessing.channels(), preprocessing.mean(),
                preprocessing.std()), memoryBudget, spillFolder);
    }

    /** Whether {@link #atSize} at this size decodes the images again (0 is the size they have). */
    public boolean decodesAgainAt(int size) {
        return size != 0 && size != preprocessing.size();
    }

    /** The images' samples, in order. */
    public List<Sample> samples() {
        return samples;
    }

    /** Every image's class index, in order. */
    public int[] labels() {
        return samples.stream().mapToInt(Sample::label).toArray();
    }

    /** Decodes every sample into memory. */
    public static DecodedImages decode(List<Sample> samples, Preprocessing preprocessing) {
        return decode(samples, preprocessing, Long.MAX_VALUE, null);
    }

    /**
     * Decodes every sample on all cores.
     *
     * @param memoryBudget the most bytes to keep in memory; beyond it the images go to a file
     * @param spillFolder where that file goes (deleted on {@link #close()}), or null to keep all in memory
     */
    public static DecodedImages decode(List<Sample> samples, Preprocessing preprocessing, long memoryBudget, Path spillFolder) {
        return decode(samples, preprocessing, memoryBudget, spillFolder, done -> { });
    }

    /**
     * Decodes every sample on all cores, telling {@code progress} the share done as it goes (from
     * the decoding threads).
     */
    public static DecodedImages decode(List<Sample> samples, Preprocessing preprocessing, long memoryBudget, Path spillFolder,
            DoubleConsumer progress) {
        AtomicInteger finished = new AtomicInteger();
        PixelStore store = PixelStore.create(samples.size(), preprocessing.length(), memoryBudget, spillFolder); // a byte per sample
        boolean[] ok = new boolean[samples.size()];
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, samples.size()).parallel().forEach(i -> {
            try {
                store.put(i, preprocessing.loadEightBit(samples.get(i).file()));
                ok[i] = true;
            } catch (IOException | RuntimeException e) {
                problems.add(samples.get(i).file() + ": " + e.getMessage());
            }
            progress.accept((double) finished.incrementAndGet() / samples.size());
        });
        List<Sample> kept = new ArrayList<>();
        List<Integer> keptSlots = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (ok[i]) {
                kept.add(samples.get(i));
                keptSlots.add(i);
            }
        }
        for (String problem : problems) {
            LOG.warn("skipped an unreadable image: {}", problem);
        }
        if (store.onDisk()) {
            LOG.info("{} decoded images exceed the memory budget of {} MiB; they are cached on disk in {}", kept.size(),
                    memoryBudget >> 20, spillFolder);
        }
        return new DecodedImages(List.copyOf(kept), keptSlots.stream().mapToInt(Integer::intValue).toArray(), store,
                preprocessing, List.copyOf(problems), true);
    }

    /** The bytes {@code count} decoded images take in memory (a byte per sample). */
    public static long bytes(int count, Preprocessing preprocessing) {
        return (long) count * preprocessing.length();
    }

    /** The number of decoded images. */
    public int size() {
        return samples.size();
    }

    /** The sample at an index. */
    public Sample sample(int index) {
        return samples.get(index);
    }

    /** The model's input for the image at an index (a new array). */
    public float[] pixels(int index) {
        float[] pixels = new float[preprocessing.length()];
        copyPixels(index, pixels, 0);
        return pixels;
    }

    /** Writes the model's input for the image at an index into {@code target} at {@code offset}. */
    public void copyPixels(int index, float[] target, int offset) {
        preprocessing.toInput(store.get(slots[index]), target, offset);
    }

    /** Whether the pixels are cached in a file rather than in memory. */
    public boolean onDisk() {
        return store.onDisk();
    }

    /** The files that could not be decoded, each with the reason. */
    public List<String> skipped() {
        return skipped;
    }

    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }
}
