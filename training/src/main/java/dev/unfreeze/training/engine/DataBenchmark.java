package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.data.Augmentation;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.data.Sample;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Measures the input pipeline: generated 640 x 480 JPEGs decoded, resized, normalised and augmented
 * into 224 x 224 tensors on all cores, and a second epoch over the decoded cache (augmented again,
 * not decoded again), both in images per second.
 */
public final class DataBenchmark {
    private static final Recipe.Augmentation ALL = new Recipe.Augmentation(true, true, 10, 0.2);
    private final Preprocessing preprocessing = new Preprocessing(224, 3, new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});

    /**
     * The two figures.
     *
     * @param decodeAugment images per second from JPEG file to augmented tensor
     * @param cachedEpoch images per second from the cache to augmented tensor
     */
    public record Result(double decodeAugment, double cachedEpoch) {}

    /** Writes {@code count} photographs-like JPEGs into {@code folder} (gradients, shapes and noise). */
    public static List<Sample> generate(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        List<Sample> samples = new ArrayList<>();
        IntStream.range(0, count).parallel().forEach(i -> {
            Random random = new Random(i);
            BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt()), 640, 480, new Color(random.nextInt())));
            g.fillRect(0, 0, 640, 480);
            for (int s = 0; s < 12; s++) {
                g.setColor(new Color(random.nextInt()));
                g.fillOval(random.nextInt(640), random.nextInt(480), 20 + random.nextInt(200), 20 + random.nextInt(200));
            }
            g.dispose();
            int[] row = new int[640];
            for (int y = 0; y < 480; y++) { // sensor-like noise, so the JPEG is as dense as a photograph's
                image.getRGB(0, y, 640, 1, row, 0, 640);
                for (int x = 0; x < 640; x++) {
                    int n = random.nextInt(17) - 8;
                    int r = clamp(((row[x] >> 16) & 0xff) + n);
                    int gr = clamp(((row[x] >> 8) & 0xff) + n);
                    int b = clamp((row[x] & 0xff) + n);
                    row[x] = (r << 16) | (gr << 8) | b;
                }
                image.setRGB(0, y, 640, 1, row, 0, 640);
            }
            try {
                ImageIO.write(image, "jpeg", folder.resolve(String.format("img-%04d.jpg", i)).toFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int i = 0; i < count; i++) {
            samples.add(new Sample(folder.resolve(String.format("img-%04d.jpg", i)), i % 10));
        }
        return samples;
    }

    /** Runs both measurements over the samples (after one warm-up pass over a few of them). */
    public Result measure(List<Sample> samples) {
        Augmentation augmentation = new Augmentation(ALL, preprocessing);
        try (DecodedImages warm = DecodedImages.decode(samples.subList(0, Math.min(32, samples.size())), preprocessing)) {
            epoch(warm, augmentation, 0);
        }
        long t0 = System.nanoTime();
        try (DecodedImages images = DecodedImages.decode(samples, preprocessing)) {
            epoch(images, augmentation, 1);
            double decodeAugment = samples.size() / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            epoch(images, augmentation, 2);
            double cached = images.size() / ((System.nanoTime() - t1) / 1e9);
            return new Result(decodeAugment, cached);
        }
    }

    /** One epoch of augmented batches of 32, made the way training makes them. */
    private void epoch(DecodedImages images, Augmentation augmentation, int epoch) {
        int[] order = IntStream.range(0, images.size()).toArray();
        try (BatchSource source = new BatchSource(images, augmentation, preprocessing, 42)) {
            try (BatchSource.Epoch batches = source.epoch(order, epoch, 32, true)) {
                for (int from = 0; from < order.length; from += 32) {
                    batches.recycle(batches.next()); // as training does once the engine has copied it
                }
            }
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
