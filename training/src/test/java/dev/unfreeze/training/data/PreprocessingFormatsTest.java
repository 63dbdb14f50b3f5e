package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every colour mode and format becomes the same model input as the plain RGB picture does. */
class PreprocessingFormatsTest {
    private static final Preprocessing RGB = new Preprocessing(16, 3, new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});
    private static final Preprocessing GREY = new Preprocessing(16, 1, null, null);

    @Test
    void allColourModesGiveTheModelTheSameInput(@TempDir Path dir) throws Exception {
        BufferedImage picture = TestImages.picture(32, 32, 4);
        Path reference = TestImages.write(dir.resolve("reference.png"), TestImages.encode(picture, "png"));
        BufferedImage alpha = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        alpha.getGraphics().drawImage(picture, 0, 0, null);
        // the same grey levels at 8 and at 16 bits (level v is 257 v in 16 bits)
        BufferedImage grey = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage deep = new BufferedImage(32, 32, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int level = (x * 8 + y * 3) % 256;
                grey.getRaster().setSample(x, y, 0, level);
                deep.getRaster().setSample(x, y, 0, level * 257);
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] expected = RGB.load(reference, manager).toFloatArray();
            assertThat(expected).hasSize(3 * 16 * 16);
            assertThat(RGB.load(TestImages.write(dir.resolve("a.png"), TestImages.encode(alpha, "png")), manager)
                    .toFloatArray()).containsExactly(expected);
            assertThat(RGB.load(TestImages.write(dir.resolve("b.bmp"), TestImages.encode(picture, "bmp")), manager)
                    .toFloatArray()).containsExactly(expected);
            // a 16-bit greyscale image and its 8-bit twin are the same greyscale input
            float[] fromDeep = GREY.load(TestImages.write(dir.resolve("deep.png"), TestImages.encode(deep, "png")), manager)
                    .toFloatArray();
            float[] fromGrey = GREY.load(TestImages.write(dir.resolve("grey.png"), TestImages.encode(grey, "png")), manager)
                    .toFloatArray();
            for (int i = 0; i < fromGrey.length; i++) {
                assertThat(fromDeep[i]).isEqualTo(fromGrey[i]);
            }
            // CMYK and WebP come out in colour, red dominant as drawn
            float[] cmyk = RGB.load(TestImages.write(dir.resolve("c.jpg"), TestImages.CMYK_JPEG), manager).toFloatArray();
            float[] webp = RGB.load(TestImages.write(dir.resolve("w.webp"), TestImages.WEBP), manager).toFloatArray();
            for (float[] red : new float[][] {cmyk, webp}) {
                float r = red[0] * 0.229f + 0.485f;
                float g = red[16 * 16] * 0.224f + 0.456f;
                assertThat(r).isGreaterThan(0.6f);
                assertThat(g).isLessThan(0.3f);
            }
        }
    }

    /**
     * The decoded-image cache keeps 8-bit samples: turned back into the model's input they equal what the
     * pipeline gives directly, bit for bit, normalised or not, downscaled, upscaled or kept, colour or grey.
     */
    @Test
    void eightBitSamplesGiveExactlyThePipelinesInput(@TempDir Path dir) throws Exception {
        Path big = TestImages.write(dir.resolve("big.png"), TestImages.encode(TestImages.picture(53, 37, 4), "png"));
        Path small = TestImages.write(dir.resolve("small.jpg"), TestImages.encode(TestImages.picture(9, 12, 2), "jpeg"));
        Path same = TestImages.write(dir.resolve("same.png"), TestImages.encode(TestImages.picture(16, 16, 3), "png"));
        // a photograph large enough to decode at a fraction of its size, and a greyscale JPEG
        Path camera = TestImages.write(dir.resolve("camera.jpg"), TestImages.encode(ScaledJpegTest.photo(1200, 900, 1), "jpeg"));
        BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(TestImages.picture(40, 30, 5), 0, 0, null);
        Path greyJpeg = TestImages.write(dir.resolve("grey.jpg"), TestImages.encode(grey, "jpeg"));
        Path cmyk = TestImages.write(dir.resolve("cmyk.jpg"), TestImages.CMYK_JPEG);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Preprocessing p : new Preprocessing[] {RGB, GREY, new Preprocessing(16, 3, null, null)}) {
                for (Path file : new Path[] {big, small, same, camera, greyJpeg, cmyk}) {
                    byte[] samples = p.loadEightBit(file);
                    assertThat(samples).hasSize(p.length());
                    float[] restored = new float[p.length() + 5];
                    p.toInput(samples, restored, 5);
                    float[] direct = p.load(file, manager).toFloatArray();
                    assertThat(java.util.Arrays.copyOfRange(restored, 5, restored.length)).as(file + " " + p.channels())
                            .containsExactly(direct);
                }
            }
        }
    }
}
