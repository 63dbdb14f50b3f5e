package dev.unfreeze.training.data;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images decoded and preprocessed once, kept in memory as C x H x W floats, so that epochs after
 * the first do not decode again. Files that cannot be decoded are skipped and listed.
 */
public final class DecodedImages {
    private static final Logger LOG = LoggerFactory.getLogger(DecodedImages.class);

    private final List<Sample> samples;
    private final float[][] pixels;
    private final List<String> skipped;

    private DecodedImages(List<Sample> samples, float[][] pixels, List<String> skipped) {
        this.samples = samples;
        this.pixels = pixels;
        this.skipped = skipped;
    }

    /** Decodes every sample on all cores. */
    public static DecodedImages decode(List<Sample> samples, Preprocessing preprocessing) {
        float[][] decoded = new float[samples.size()][];
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, samples.size()).parallel().forEach(i -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                decoded[i] = preprocessing.load(samples.get(i).file(), manager).toFloatArray();
            } catch (IOException | RuntimeException e) {
                problems.add(samples.get(i).file() + ": " + e.getMessage());
            }
        });
        List<Sample> kept = new ArrayList<>();
        List<float[]> keptPixels = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (decoded[i] != null) {
                kept.add(samples.get(i));
                keptPixels.add(decoded[i]);
            }
        }
        for (String problem : problems) {
            LOG.warn("skipped an unreadable image: {}", problem);
        }
        return new DecodedImages(List.copyOf(kept), keptPixels.toArray(new float[0][]), List.copyOf(problems));
    }

    /** The number of decoded images. */
    public int size() {
        return samples.size();
    }

    /** The sample at an index. */
    public Sample sample(int index) {
        return samples.get(index);
    }

    /** The preprocessed pixels at an index (shared; do not modify). */
    public float[] pixels(int index) {
        return pixels[index];
    }

    /** The files that could not be decoded, each with the reason. */
    public List<String> skipped() {
        return skipped;
    }
}
