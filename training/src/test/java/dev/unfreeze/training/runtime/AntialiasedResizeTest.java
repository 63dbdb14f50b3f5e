package dev.unfreeze.training.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The resize matches Pillow's {@code resize(BILINEAR)}, the reference practitioners train with. */
class AntialiasedResizeTest {
    /** A 10 x 12 greyscale pattern full of high frequencies: pixel (i, j) = (12 i + j) * 37 mod 256. */
    private static NDArray pattern(NDManager manager) {
        float[] pixels = new float[10 * 12];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37) % 256;
        }
        return manager.create(pixels, new Shape(10, 12, 1));
    }

    @Test
    void shrinkingAveragesLikePillow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] out = new AntialiasedResize(5, 4).transform(pattern(manager)).toFloatArray();
            // Pillow 9: Image.fromarray(pattern).resize((5, 4), Image.BILINEAR); it rounds to 8 bits per pass.
            float[] pillow = {116, 102, 128, 121, 101, 122, 132, 132, 122, 133, 136, 144, 119, 136, 152, 117, 104, 133, 117, 104};
            assertArrayEquals(pillow, out, 0.0f, "the same 8-bit values as Pillow");
        }
    }

    @Test
    void enlargingIsPlainBilinear() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray out = new AntialiasedResize(20, 15).transform(pattern(manager));
            assertEquals(new Shape(15, 20, 1), out.getShape());
            float[] firstRow = new float[8];
            System.arraycopy(out.toFloatArray(), 0, firstRow, 0, 8);
            assertArrayEquals(new float[] {0, 15, 37, 59, 81, 104, 126, 148}, firstRow, 1.0f);
        }
    }

    @Test
    void everyOutputPixelIsAWeightedAverage() {
        float[] weights = AntialiasedResize.weights(4000, 224);
        for (int row = 0; row < 224; row++) {
            boolean interior = row > 0 && row < 223;
            double sum = 0;
            int used = 0;
            for (int col = 0; col < 4000; col++) {
                sum += weights[row * 4000 + col];
                used += weights[row * 4000 + col] > 0 ? 1 : 0;
            }
            assertEquals(1.0, sum, 1e-4);
            // a 17.9-fold reduction: each output pixel averages about 2 x 17.9 input pixels, not 2
            if (interior) {
                assertEquals(35, used, 2);
            }
        }
    }

    @Test
    void theSameSizeIsLeftAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = pattern(manager);
            assertArrayEquals(image.toFloatArray(), new AntialiasedResize(12, 10).transform(image).toFloatArray());
        }
    }
}
