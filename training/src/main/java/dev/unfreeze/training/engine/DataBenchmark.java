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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Measures the input pipeline: generated 640 x 480 JPEGs decoded, resized, normalised and augmented
 * into 224 x 224 tensors on all cores, a second epoch over the decoded cache (augmented again, not
 * decoded again), and camera-size photographs (12 megapixels) decoded into 224 x 224 tensors, all in
 * images per second.
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

    /** Writes {@code count} photograph-like 640 x 480 JPEGs into {@code folder} (gradients, shapes and noise). */
    public static List<Sample> generate(Path folder, int count) throws IOException {
        return generate(folder, count, 640, 480, 0.75f);
    }

    /**
     * Writes {@code count} camera-size photographs into {@code folder}: 4000 x 3000 JPEGs at quality 92,
     * about 4 MB each, as a phone or camera saves them.
     */
    public static List<Sample> generateCamera(Path folder, int count) throws IOException {
        return generate(folder, count, 4000, 3000, 0.92f);
    }

    private static List<Sample> generate(Path folder, int count, int width, int height, float quality) throws IOException {
        Files.createDirectories(folder);
        List<Sample> samples = new ArrayList<>();
        IntStream.range(0, count).parallel().forEach(i -> {
            Random random = new Random(i);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt()), width, height, new Color(random.nextInt())));
            g.fillRect(0, 0, width, height);
            for (int s = 0; s < 12; s++) {
                g.setColor(new Color(random.nextInt()));
                g.fillOval(random.nextInt(width), random.nextInt(height), 20 + random.nextInt(width / 3),
                        20 + random.nextInt(height / 2));
            }
            g.dispose();
            int[] row = new int[width];
            for (int y = 0; y < height; y++) { // sensor-like noise, so the JPEG is as dense as a photograph's
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int n = random.nextInt(17) - 8;
                    int r = clamp(((row[x] >> 16) & 0xff) + n);
                    int gr = clamp(((row[x] >> 8) & 0xff) + n);
                    int b = clamp((row[x] & 0xff) + n);
                    row[x] = (r << 16) | (gr << 8) | b;
                }
                image.setRGB(0, y, width, 1, row, 0, width);
            }
            try {
                writeJpeg(image, quality, folder.resolve(String.format("img-%04d.jpg", i)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        for (int i = 0; i < count; i++) {
            samples.add(new Sample(folder.resolve(String.format("img-%04d.jpg", i)), i % 10));
        }
        return samples;
    }

    private static void writeJpeg(BufferedImage image, float quality, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /**
     * Images per second from camera-size JPEG files to 224 x 224 model inputs (floats, normalised), on all
     * cores, as a feature-extraction run decodes them: the steady rate, timed on a second pass over the
     * same files. The first pass loads the codecs and gives the JIT compiler the decoding and resizing
     * code; on two cores its compiler threads otherwise take the decoding threads' time for the first
     * hundred or so pictures, which a run over a few hundred photographs amortises and a 64-picture
     * benchmark would not. The files are in the page cache on both passes (they were just written).
     */
    public double decodeCamera(List<Sample> samples) {
        try (DecodedImages warm = DecodedImages.decode(samples, preprocessing)) {
            warm.size();
        }
        long t0 = System.nanoTime();
        try (DecodedImages images = DecodedImages.decode(samples, preprocessing)) {
            float[] input = new float[preprocessing.length()];
            for (int i = 0; i < images.size(); i++) {
                images.copyPixels(i, input, 0);
            }
            return samples.size() / ((System.nanoTime() - t0) / 1e9);
        }
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
