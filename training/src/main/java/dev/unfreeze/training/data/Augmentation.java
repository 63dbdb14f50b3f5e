package dev.unfreeze.training.data;

import dev.unfreeze.training.api.Recipe;
import java.util.SplittableRandom;

/**
 * Training-time augmentation of preprocessed C x H x W images, in one resampling pass: a random
 * resized crop (60 to 100% of the area, aspect 3:4 to 4:3), a horizontal flip and a small rotation
 * map each output pixel back to the source (bilinear, edges repeated); colour jitter then changes
 * brightness, contrast and saturation in [0, 1] pixel space, undoing and redoing the model's
 * normalisation around it.
 */
public final class Augmentation {
    private static final double MIN_AREA = 0.6;
    private static final double MAX_LOG_ASPECT = Math.log(4.0 / 3.0);

    private final Recipe.Augmentation settings;
    private final int channels;
    private final int size;
    private final float[] mean;
    private final float[] std;

    public Augmentation(Recipe.Augmentation settings, Preprocessing preprocessing) {
        this.settings = settings == null ? Recipe.Augmentation.NONE : settings;
        this.channels = preprocessing.channels();
        this.size = preprocessing.size();
        this.mean = preprocessing.mean();
        this.std = preprocessing.std();
    }

    /** Whether anything is changed at all. */
    public boolean enabled() {
        return settings.any();
    }

    /** Writes an augmented copy of {@code src} into {@code dst} at {@code offset}. */
    public void apply(float[] src, SplittableRandom random, float[] dst, int offset) {
        boolean mirror = settings.flip() && random.nextBoolean();
        double cropW = 1;
        double cropH = 1;
        double centreX = 0.5;
        double centreY = 0.5;
        if (settings.randomCrop()) {
            double area = MIN_AREA + (1 - MIN_AREA) * random.nextDouble();
            double aspect = Math.exp((2 * random.nextDouble() - 1) * MAX_LOG_ASPECT);
            cropW = Math.min(1, Math.sqrt(area * aspect));
            cropH = Math.min(1, Math.sqrt(area / aspect));
            centreX = cropW / 2 + (1 - cropW) * random.nextDouble();
            centreY = cropH / 2 + (1 - cropH) * random.nextDouble();
        }
        double angle = settings.rotation() > 0 ? Math.toRadians((2 * random.nextDouble() - 1) * settings.rotation()) : 0;
        resample(src, dst, offset, mirror, cropW, cropH, centreX, centreY, Math.cos(angle), Math.sin(angle));
        if (settings.colorJitter() > 0) {
            double j = settings.colorJitter();
            jitter(dst, offset, 1 + j * (2 * random.nextDouble() - 1), 1 + j * (2 * random.nextDouble() - 1),
                    1 + j * (2 * random.nextDouble() - 1));
        }
    }

    private void resample(float[] src, float[] dst, int offset, boolean mirror, double cropW, double cropH,
            double centreX, double centreY, double cos, double sin) {
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            double v = (y + 0.5) / size - 0.5;
            for (int x = 0; x < size; x++) {
                double u = (x + 0.5) / size - 0.5;
                if (mirror) {
                    u = -u;
                }
                double ru = cos * u - sin * v;
                double rv = sin * u + cos * v;
                double sx = (centreX + ru * cropW) * size - 0.5;
                double sy = (centreY + rv * cropH) * size - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                int xa = clamp(x0);
                int xb = clamp(x0 + 1);
                int ya = clamp(y0) * size;
                int yb = clamp(y0 + 1) * size;
                for (int c = 0; c < channels; c++) {
                    int base = c * plane;
                    float top = src[base + ya + xa] + (src[base + ya + xb] - src[base + ya + xa]) * fx;
                    float bottom = src[base + yb + xa] + (src[base + yb + xb] - src[base + yb + xa]) * fx;
                    dst[offset + base + y * size + x] = top + (bottom - top) * fy;
                }
            }
        }
    }

    private void jitter(float[] img, int offset, double brightness, double contrast, double saturation) {
        int plane = size * size;
        double sum = 0;
        float[] pixel = new float[channels];
        // to [0, 1] pixel space
        for (int c = 0; c < channels; c++) {
            float m = mean == null ? 0 : mean[c];
            float s = std == null ? 1 : std[c];
            for (int i = 0; i < plane; i++) {
                int k = offset + c * plane + i;
                img[k] = (float) ((img[k] * s + m) * brightness);
                sum += img[k];
            }
        }
        double average = sum / (plane * channels);
        for (int i = 0; i < plane; i++) {
            double grey = 0;
            for (int c = 0; c < channels; c++) {
                pixel[c] = (float) ((img[offset + c * plane + i] - average) * contrast + average);
                grey += channels == 3 ? pixel[c] * (c == 0 ? 0.299 : c == 1 ? 0.587 : 0.114) : pixel[c];
            }
            for (int c = 0; c < channels; c++) {
                double value = channels == 3 ? grey + (pixel[c] - grey) * saturation : pixel[c];
                float m = mean == null ? 0 : mean[c];
                float s = std == null ? 1 : std[c];
                img[offset + c * plane + i] = (float) ((Math.min(1, Math.max(0, value)) - m) / s);
            }
        }
    }

    private int clamp(int v) {
        return v < 0 ? 0 : v >= size ? size - 1 : v;
    }
}
