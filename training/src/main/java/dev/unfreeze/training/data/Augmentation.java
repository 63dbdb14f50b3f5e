package dev.unfreeze.training.data;

import dev.unfreeze.training.api.Recipe;
import java.util.SplittableRandom;

/**
 * Training-time augmentation of preprocessed C x H x W images, in one resampling pass: a random
 * resized crop (60 to 100% of the area, aspect 3:4 to 4:3), a shift, a horizontal flip and a small rotation
 * map each output pixel back to the source (bilinear; edges repeated, or mirrored when the picture is
 * shifted, so that a shifted texture stays a texture); colour jitter then changes
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
    /** Shifted pictures mirror their edges; the others repeat the edge pixel. */
    private final boolean mirrorEdges;

    public Augmentation(Recipe.Augmentation settings, Preprocessing preprocessing) {
        this.settings = settings == null ? Recipe.Augmentation.NONE : settings;
        this.channels = preprocessing.channels();
        this.size = preprocessing.size();
        this.mean = preprocessing.mean();
        this.std = preprocessing.std();
        this.mirrorEdges = this.settings.translate() > 0;
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
        if (settings.translate() > 0) {
            centreX += (2 * random.nextDouble() - 1) * settings.translate();
            centreY += (2 * random.nextDouble() - 1) * settings.translate();
        }
        double angle = settings.rotation() > 0 ? Math.toRadians((2 * random.nextDouble() - 1) * settings.rotation()) : 0;
        double[] channelSums = new double[channels];
        resample(src, dst, offset, mirror, cropW, cropH, centreX, centreY, Math.cos(angle), Math.sin(angle), channelSums);
        if (settings.colorJitter() > 0) {
            double j = settings.colorJitter();
            jitter(dst, offset, channelSums, 1 + j * (2 * random.nextDouble() - 1), 1 + j * (2 * random.nextDouble() - 1),
                    1 + j * (2 * random.nextDouble() - 1));
        }
    }

    /**
     * Fills {@code dst} by mapping each output pixel back into the source: output coordinates
     * (centred, in units of the image side) are mirrored, rotated, then scaled into the crop. The
     * mapping is affine, so it is stepped along each row instead of recomputed. Also sums each
     * output channel, which colour jitter needs for contrast.
     */
    private void resample(float[] src, float[] dst, int offset, boolean mirror, double cropW, double cropH,
            double centreX, double centreY, double cos, double sin, double[] channelSums) {
        int plane = size * size;
        double mx = mirror ? -1 : 1;
        // source x = (centreX + (cos * mx * u - sin * v) * cropW) * size - 0.5, with u = (x + 0.5) / size - 0.5
        float dxPerX = (float) (cos * mx * cropW);
        float dyPerX = (float) (sin * mx * cropH);
        float[] sums = new float[channels];
        for (int y = 0; y < size; y++) {
            double v = (y + 0.5) / size - 0.5;
            double u0 = 0.5 / size - 0.5;
            float sx = (float) ((centreX + (cos * mx * u0 - sin * v) * cropW) * size - 0.5);
            float sy = (float) ((centreY + (sin * mx * u0 + cos * v) * cropH) * size - 0.5);
            int row = offset + y * size;
            for (int x = 0; x < size; x++, sx += dxPerX, sy += dyPerX) {
                int x0 = (int) (sx + 1024) - 1024; // floor for the small negative values at the edges
                int y0 = (int) (sy + 1024) - 1024;
                float fx = sx - x0;
                float fy = sy - y0;
                int xa = edge(x0);
                int xb = edge(x0 + 1);
                int ya = edge(y0) * size;
                int yb = edge(y0 + 1) * size;
                for (int c = 0, base = 0; c < channels; c++, base += plane) {
                    float tl = src[base + ya + xa];
                    float bl = src[base + yb + xa];
                    float top = tl + (src[base + ya + xb] - tl) * fx;
                    float bottom = bl + (src[base + yb + xb] - bl) * fx;
                    float value = top + (bottom - top) * fy;
                    dst[row + base + x] = value;
                    sums[c] += value;
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            channelSums[c] = sums[c];
        }
    }

    /**
     * Brightness, contrast (around the image's mean) and saturation, in [0, 1] pixel space, in one
     * pass; for RGB the undoing of the normalisation, brightness and contrast fold into one
     * multiply-add per channel.
     */
    private void jitter(float[] img, int offset, double[] channelSums, double brightness, double contrast, double saturation) {
        int plane = size * size;
        float[] m = new float[channels];
        float[] sd = new float[channels];
        double average = 0;
        for (int c = 0; c < channels; c++) {
            m[c] = mean == null ? 0 : mean[c];
            sd[c] = std == null ? 1 : std[c];
            average += (channelSums[c] / plane * sd[c] + m[c]) * brightness;
        }
        float avg = (float) (average / channels);
        float b = (float) brightness;
        float k = (float) contrast;
        float sat = (float) saturation;
        if (channels != 3) {
            for (int c = 0; c < channels; c++) {
                for (int i = offset + c * plane, end = i + plane; i < end; i++) {
                    float value = ((img[i] * sd[c] + m[c]) * b - avg) * k + avg;
                    img[i] = (Math.min(1, Math.max(0, value)) - m[c]) / sd[c];
                }
            }
            return;
        }
        // RGB, folded: x -> ((x * sd + m) * b - avg) * k + avg = x * scale + shift per channel
        float rScale = sd[0] * b * k;
        float gScale = sd[1] * b * k;
        float bScale = sd[2] * b * k;
        float rShift = (m[0] * b - avg) * k + avg;
        float gShift = (m[1] * b - avg) * k + avg;
        float bShift = (m[2] * b - avg) * k + avg;
        float rInv = 1 / sd[0];
        float gInv = 1 / sd[1];
        float bInv = 1 / sd[2];
        int gOff = offset + plane;
        int bOff = offset + 2 * plane;
        for (int i = 0; i < plane; i++) {
            float r = img[offset + i] * rScale + rShift;
            float g = img[gOff + i] * gScale + gShift;
            float bl = img[bOff + i] * bScale + bShift;
            float grey = 0.299f * r + 0.587f * g + 0.114f * bl;
            r = grey + (r - grey) * sat;
            g = grey + (g - grey) * sat;
            bl = grey + (bl - grey) * sat;
            img[offset + i] = ((r < 0 ? 0 : r > 1 ? 1 : r) - m[0]) * rInv;
            img[gOff + i] = ((g < 0 ? 0 : g > 1 ? 1 : g) - m[1]) * gInv;
            img[bOff + i] = ((bl < 0 ? 0 : bl > 1 ? 1 : bl) - m[2]) * bInv;
        }
    }

    /** A source coordinate outside the picture: mirrored when shifting, else the edge repeated. */
    private int edge(int v) {
        if (mirrorEdges) {
            int mirrored = v < 0 ? -v : v >= size ? 2 * (size - 1) - v : v;
            return clamp(mirrored);
        }
        return clamp(v);
    }

    private int clamp(int v) {
        return v < 0 ? 0 : v >= size ? size - 1 : v;
    }
}
