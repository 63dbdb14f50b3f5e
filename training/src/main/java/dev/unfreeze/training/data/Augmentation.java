package dev.unfreeze.training.data;

import java.util.Random;

/**
 * Training-time augmentation on preprocessed C x H x W images: a random horizontal flip and a
 * random crop from the image padded by an eighth of its size (edges repeated).
 */
public final class Augmentation {
    private final boolean flip;
    private final boolean randomCrop;

    public Augmentation(boolean flip, boolean randomCrop) {
        this.flip = flip;
        this.randomCrop = randomCrop;
    }

    /** Whether anything is changed at all. */
    public boolean enabled() {
        return flip || randomCrop;
    }

    /** Writes an augmented copy of {@code src} into {@code dst} at {@code offset}. */
    public void apply(float[] src, int channels, int size, Random random, float[] dst, int offset) {
        boolean mirror = flip && random.nextBoolean();
        int pad = randomCrop ? Math.max(1, size / 8) : 0;
        int dx = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
        int dy = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
        for (int c = 0; c < channels; c++) {
            int plane = c * size * size;
            for (int y = 0; y < size; y++) {
                int sy = clamp(y + dy, size);
                for (int x = 0; x < size; x++) {
                    int sx = clamp(mirror ? size - 1 - (x + dx) : x + dx, size);
                    dst[offset + plane + y * size + x] = src[plane + sy * size + sx];
                }
            }
        }
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : v >= size ? size - 1 : v;
    }
}
