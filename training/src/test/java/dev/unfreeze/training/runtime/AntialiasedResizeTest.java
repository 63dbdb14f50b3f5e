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
        AntialiasedResize.Coefficients c = AntialiasedResize.Coefficients.of(4000, 224);
        for (int row = 0; row < 224; row++) {
            long sum = 0;
            for (int t = 0; t < c.count()[row]; t++) {
                sum += c.weights()[row * c.size() + t];
            }
            assertEquals(1 << 22, sum, 40, "weights sum to one in 22-bit fixed point");
            // a 17.9-fold reduction: each output pixel averages about 2 x 17.9 input pixels, not 2
            int used = 0;
            for (int t = 0; t < c.count()[row]; t++) {
                used += c.weights()[row * c.size() + t] > 0 ? 1 : 0;
            }
            if (row > 0 && row < 223) {
                assertEquals(35, used, 2);
            }
        }
    }

    /**
     * Bit for bit Pillow's output, down and up, colour and grey: CRC-32 of Pillow 9.4's
     * {@code Image.fromarray(a).resize(size, Image.BILINEAR)} for a 61 x 83 pattern full of high frequencies.
     */
    @Test
    void equalsPillowToTheBit() {
        int h = 61;
        int w = 83;
        byte[] rgb = new byte[h * w * 3];
        byte[] grey = new byte[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(i * w + j) * 3 + c] = (byte) (((i * 131 + j * 37 + c * 71) * (i + 3) + (j * j) % 97) % 256);
                }
                grey[i * w + j] = rgb[(i * w + j) * 3];
            }
        }
        assertEquals(2670634122L, crc(AntialiasedResize.resize(rgb, h, w, 3, 7, 11)));
        assertEquals(1871627700L, crc(AntialiasedResize.resize(rgb, h, w, 3, 224, 224)));
        assertEquals(3782020323L, crc(AntialiasedResize.resize(rgb, h, w, 3, 61, 40)));
        assertEquals(586028291L, crc(AntialiasedResize.resize(rgb, h, w, 3, 130, 170)));
        assertEquals(1366273944L, crc(AntialiasedResize.resize(rgb, h, w, 3, 20, 83)));
        assertEquals(114127136L, crc(AntialiasedResize.resize(grey, h, w, 1, 13, 19)));
    }

    /**
     * Planes out, and blue-green-red in, give the same values as the interleaved resize rearranged afterwards:
     * down, up, one axis only, or the size kept; one, three and four channels.
     */
    @Test
    void planesAndReversedChannelsAreTheSameValuesRearranged() {
        java.util.Random random = new java.util.Random(5);
        int[][] sizes = {{61, 83, 7, 11}, {375, 500, 224, 224}, {30, 20, 45, 50}, {40, 30, 40, 16}, {40, 30, 9, 30}, {12, 12, 12, 12}};
        for (int[] s : sizes) {
            for (int channels : new int[] {1, 3, 4}) {
                byte[] in = new byte[s[0] * s[1] * channels];
                random.nextBytes(in);
                byte[] reversed = new byte[in.length];
                for (int i = 0; i < in.length; i += channels) {
                    for (int c = 0; c < channels; c++) {
                        reversed[i + c] = in[i + channels - 1 - c];
                    }
                }
                byte[] interleaved = AntialiasedResize.resize(in, s[0], s[1], channels, s[2], s[3]);
                int plane = s[2] * s[3];
                byte[] planes = new byte[interleaved.length];
                for (int i = 0; i < plane; i++) {
                    for (int c = 0; c < channels; c++) {
                        planes[c * plane + i] = interleaved[i * channels + c];
                    }
                }
                String size = java.util.Arrays.toString(s) + " x " + channels;
                assertArrayEquals(planes, AntialiasedResize.resizeToPlanes(in, s[0], s[1], channels, false, s[2], s[3]), size);
                assertArrayEquals(planes, AntialiasedResize.resizeToPlanes(reversed, s[0], s[1], channels, true, s[2], s[3]),
                        size + " reversed");
            }
        }
    }

    private static long crc(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    @Test
    void theSameSizeIsLeftAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = pattern(manager);
            assertArrayEquals(image.toFloatArray(), new AntialiasedResize(12, 10).transform(image).toFloatArray());
        }
    }
}
