package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.Recipe;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final int SIZE = 16;
    private static final Preprocessing RGB = new Preprocessing(SIZE, 3, new float[] {0.5f, 0.4f, 0.3f},
            new float[] {0.2f, 0.25f, 0.3f});

    /** A normalised image whose red channel grows left to right and green top to bottom. */
    private static float[] gradient() {
        float[] img = new float[3 * SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                img[y * SIZE + x] = ((float) x / (SIZE - 1) - 0.5f) / 0.2f;
                img[SIZE * SIZE + y * SIZE + x] = ((float) y / (SIZE - 1) - 0.4f) / 0.25f;
                img[2 * SIZE * SIZE + y * SIZE + x] = (0.6f - 0.3f) / 0.3f;
            }
        }
        return img;
    }

    private static float[] apply(Recipe.Augmentation settings, float[] src, long seed) {
        float[] out = new float[src.length];
        new Augmentation(settings, RGB).apply(src, new SplittableRandom(seed), out, 0);
        return out;
    }

    @Test
    void withEverythingOffTheImageIsUnchanged() {
        float[] src = gradient();
        assertThat(new Augmentation(Recipe.Augmentation.NONE, RGB).enabled()).isFalse();
        assertThat(apply(Recipe.Augmentation.NONE, src, 1)).containsExactly(src);
    }

    @Test
    void aFlipMirrorsExactly() {
        float[] src = gradient();
        Recipe.Augmentation flip = new Recipe.Augmentation(true, false, 0, 0);
        boolean sawMirror = false;
        for (long seed = 0; seed < 8; seed++) {
            float[] out = apply(flip, src, seed);
            boolean mirrored = out[0] != src[0];
            sawMirror |= mirrored;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        int from = c * SIZE * SIZE + y * SIZE + (mirrored ? SIZE - 1 - x : x);
                        assertThat(out[c * SIZE * SIZE + y * SIZE + x]).isCloseTo(src[from], org.assertj.core.data.Offset.offset(1e-5f));
                    }
                }
            }
        }
        assertThat(sawMirror).isTrue();
    }

    @Test
    void cropsRotationsAndJitterStayInRangeAndRepeatWithTheSeed() {
        float[] src = gradient();
        Recipe.Augmentation all = new Recipe.Augmentation(true, true, 15, 0.4);
        float[] a = apply(all, src, 7);
        assertThat(apply(all, src, 7)).containsExactly(a);
        assertThat(apply(all, src, 8)).isNotEqualTo(a);
        for (long seed = 0; seed < 20; seed++) {
            float[] out = apply(all, src, seed);
            for (int c = 0; c < 3; c++) {
                float mean = RGB.mean()[c];
                float std = RGB.std()[c];
                for (int i = 0; i < SIZE * SIZE; i++) {
                    float pixel = out[c * SIZE * SIZE + i] * std + mean;
                    assertThat(pixel).isBetween(-1e-4f, 1 + 1e-4f);
                }
            }
        }
    }

    @Test
    void aRandomResizedCropZoomsIn() {
        float[] src = gradient();
        Recipe.Augmentation crop = new Recipe.Augmentation(false, true, 0, 0);
        double narrower = 0;
        for (long seed = 0; seed < 20; seed++) {
            float[] out = apply(crop, src, seed);
            // the red ramp across a row spans less of [0, 1] after zooming in
            float span = (out[SIZE - 1] - out[0]) * 0.2f;
            narrower += span < 0.99f ? 1 : 0;
            assertThat(span).isGreaterThan(0.5f); // at least 60% of the area is kept
        }
        assertThat(narrower).isGreaterThan(15);
    }

    @Test
    void aShiftMovesThePictureWithoutScalingItAndMirrorsTheEdges() {
        float[] src = gradient();
        Recipe.Augmentation shift = new Recipe.Augmentation(false, false, 0, 0, 0.25);
        float step = 1f / (SIZE - 1) / 0.2f; // one pixel of the red ramp, normalised
        int moved = 0;
        for (long seed = 0; seed < 40; seed++) {
            float[] out = apply(shift, src, seed);
            int rising = 0;
            int falling = 0;
            for (int x = 1; x < SIZE; x++) {
                float difference = out[x] - out[x - 1];
                // a pixel of the ramp stays a pixel: the scale is the picture's own, only its place changes
                assertThat(Math.abs(difference)).as("seed %d, x %d", seed, x).isLessThanOrEqualTo(step * 1.0001f);
                rising += difference > step * 0.5f ? 1 : 0;
                falling += difference < -step * 0.5f ? 1 : 0;
            }
            boolean shifted = Math.abs(out[0] - src[0]) > step * 1.5f; // by more than a pixel and a half
            moved += shifted ? 1 : 0;
            if (shifted) {
                assertThat(falling).as("beyond the edge the picture comes back mirrored, not smeared").isPositive();
            }
            assertThat(rising).isGreaterThan(SIZE / 2);
        }
        assertThat(moved).isGreaterThan(12);
    }
}
