package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageFilesTest {

    @Test
    void everyFormatAndColourModeDecodesToTheSameColours() throws Exception {
        BufferedImage rgb = TestImages.picture(16, 12, 3);
        assertSameColours(ImageFiles.read(TestImages.encode(rgb, "png")), rgb, 0);
        assertSameColours(ImageFiles.read(TestImages.encode(rgb, "bmp")), rgb, 0);
        assertThat(meanDifference(ImageFiles.read(TestImages.encode(rgb, "jpeg")), rgb)).isLessThan(6); // lossy

        BufferedImage grey = new BufferedImage(16, 12, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(rgb, 0, 0, null);
        assertThat(ImageFiles.check(TestImages.encode(grey, "png")).colourMode()).isEqualTo("greyscale");
        assertSameColours(ImageFiles.read(TestImages.encode(grey, "png")), grey, 0);

        BufferedImage deep = new BufferedImage(16, 12, BufferedImage.TYPE_USHORT_GRAY);
        deep.getGraphics().drawImage(rgb, 0, 0, null);
        assertThat(ImageFiles.check(TestImages.encode(deep, "png")).colourMode()).isEqualTo("16-bit greyscale");
        // 16-bit samples keep their top 8 bits: the same values as 8-bit greyscale of the same picture
        BufferedImage fromDeep = ImageFiles.read(TestImages.encode(deep, "png"));
        assertThat(fromDeep.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(fromDeep.getRaster().getSample(x, y, 0))
                        .isEqualTo(deep.getRaster().getSample(x, y, 0) >>> 8);
            }
        }

        BufferedImage alpha = new BufferedImage(16, 12, BufferedImage.TYPE_INT_ARGB);
        alpha.getGraphics().drawImage(rgb, 0, 0, null);
        assertThat(ImageFiles.check(TestImages.encode(alpha, "png")).colourMode()).isEqualTo("RGBA");
        assertSameColours(ImageFiles.read(TestImages.encode(alpha, "png")), rgb, 0);

        byte[] red = new byte[256];
        byte[] green = new byte[256];
        byte[] blue = new byte[256];
        for (int i = 0; i < 256; i++) {
            red[i] = (byte) i;
            green[i] = (byte) (255 - i);
            blue[i] = (byte) (i / 2);
        }
        BufferedImage palette = new BufferedImage(16, 12, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, red, green, blue));
        palette.getRaster().setDataElements(0, 0, 16, 12, grey.getRaster().getDataElements(0, 0, 16, 12, null));
        assertThat(ImageFiles.check(TestImages.encode(palette, "png")).colourMode()).isEqualTo("palette");
        assertSameColours(ImageFiles.read(TestImages.encode(palette, "gif")), palette, 0);
        assertThat(ImageFiles.check(TestImages.encode(palette, "gif")).format()).isEqualTo("gif");
    }

    @Test
    void webpAndCmykJpegDecodeToTheirColour() throws Exception {
        assertThat(ImageFiles.check(TestImages.WEBP)).isEqualTo(new ImageFiles.Header("webp", 8, 6, "RGB"));
        assertThat(rgbAt(ImageFiles.read(TestImages.WEBP), 3, 3)).containsExactly(200, 30, 40);

        assertThat(ImageFiles.check(TestImages.CMYK_JPEG).colourMode()).isEqualTo("CMYK");
        int[] cmyk = rgbAt(ImageFiles.read(TestImages.CMYK_JPEG), 3, 3);
        // through an ICC conversion: close to the original, never the inverted or YCCK-garbled colours
        assertThat(cmyk[0]).isBetween(170, 230);
        assertThat(cmyk[1]).isBetween(0, 70);
        assertThat(cmyk[2]).isBetween(10, 80);
    }

    /**
     * A lossy WebP with sharp colour edges decodes to exactly the pixels libwebp (Pillow) gives; the pure-Java
     * reader upsamples chroma differently and misses them by many levels on this picture, so the check can fail.
     */
    @Test
    void lossyWebpDecodesAsTheReferenceDecoderDoes() throws Exception {
        byte[] webp = resource("webp/lossy.webp");
        BufferedImage expected = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(resource("webp/lossy-as-libwebp-decodes.png")));
        BufferedImage decoded = ImageFiles.read(webp);

        assertThat(ReferenceWebp.available()).as("libwebp loads on this platform").isTrue();
        assertThat(pixels(decoded)).containsExactly(pixels(expected));
        javax.imageio.ImageReader fallback = new com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi().createReaderInstance();
        try (var in = javax.imageio.ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(webp))) {
            fallback.setInput(in);
            assertThat(pixels(fallback.read(0))).isNotEqualTo(pixels(expected));
        } finally {
            fallback.dispose();
        }
    }

    @Test
    void webpTransparencyComesFromTheContainer() throws Exception {
        assertThat(ImageFiles.check(resource("webp/alpha-lossless.webp")).colourMode()).isEqualTo("RGBA");
        assertThat(ImageFiles.check(resource("webp/alpha-lossy.webp")).colourMode()).isEqualTo("RGBA");
        assertThat(ImageFiles.check(resource("webp/opaque-lossless.webp")).colourMode()).isEqualTo("RGB");
        assertThat(ImageFiles.check(resource("webp/lossy.webp")).colourMode()).isEqualTo("RGB");
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (var in = ImageFilesTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void exifOrientationTurnsThePictureUpright() throws Exception {
        BufferedImage stored = TestImages.picture(40, 20, 1); // red grows to the right
        byte[] jpeg = TestImages.encode(stored, "jpeg");
        assertThat(ImageFiles.check(TestImages.withExifOrientation(jpeg, 1))).extracting(ImageFiles.Header::width).isEqualTo(40);
        // 6: the camera was turned clockwise; shown upright the picture is 20 x 40 and stored left is on top
        BufferedImage six = ImageFiles.read(TestImages.withExifOrientation(jpeg, 6));
        assertThat(six.getWidth()).isEqualTo(20);
        assertThat(six.getHeight()).isEqualTo(40);
        assertThat(rgbAt(six, 10, 1)[0]).isLessThan(40);
        assertThat(rgbAt(six, 10, 38)[0]).isGreaterThan(215);
        assertThat(ImageFiles.check(TestImages.withExifOrientation(jpeg, 6)).width()).isEqualTo(20);
        // 3: upside down
        BufferedImage three = ImageFiles.read(TestImages.withExifOrientation(jpeg, 3));
        assertThat(rgbAt(three, 1, 10)[0]).isGreaterThan(215);
        // 8: turned the other way; the stored left edge ends at the bottom
        BufferedImage eight = ImageFiles.read(TestImages.withExifOrientation(jpeg, 8));
        assertThat(rgbAt(eight, 10, 38)[0]).isLessThan(40);
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage turned = ImageFiles.read(TestImages.withExifOrientation(jpeg, orientation));
            assertThat(turned.getWidth() * turned.getHeight()).isEqualTo(800);
        }
    }

    @Test
    void aSmallFileThatDeclaresAHugeImageIsRefusedBeforeDecoding() {
        byte[] bomb = TestImages.hugeDeclaredPng(20_000, 20_000);
        assertThat(bomb.length).isLessThan(100);
        assertThatThrownBy(() -> ImageFiles.check(bomb)).isInstanceOf(ImageFiles.Unusable.class)
                .hasMessageContaining("20,000 x 20,000").hasMessageContaining("100 megapixels")
                .extracting(e -> ((ImageFiles.Unusable) e).kind()).isEqualTo("too-large");
    }

    @Test
    void brokenContentIsUnusableWithItsReason() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.picture(64, 64, 2), "jpeg");
        assertThatThrownBy(() -> ImageFiles.check(Arrays.copyOf(jpeg, jpeg.length / 2)))
                .hasMessageContaining("truncated").extracting(e -> ((ImageFiles.Unusable) e).kind()).isEqualTo("unreadable");
        assertThatThrownBy(() -> ImageFiles.check(new byte[0])).extracting(e -> ((ImageFiles.Unusable) e).kind())
                .isEqualTo("empty-file");
        assertThatThrownBy(() -> ImageFiles.check("hello, I am text".getBytes()))
                .hasMessageContaining("looks like text").extracting(e -> ((ImageFiles.Unusable) e).kind()).isEqualTo("not-an-image");
        byte[] png = TestImages.encode(TestImages.picture(64, 64, 2), "png");
        assertThatThrownBy(() -> ImageFiles.check(Arrays.copyOf(png, png.length - 40)))
                .extracting(e -> ((ImageFiles.Unusable) e).kind()).isEqualTo("unreadable");
    }

    private static void assertSameColours(BufferedImage actual, BufferedImage expected, int tolerance) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int[] a = rgbAt(actual, x, y);
                int[] e = rgbAt(expected, x, y);
                for (int c = 0; c < 3; c++) {
                    assertThat(Math.abs(a[c] - e[c])).as("pixel %d,%d channel %d", x, y, c).isLessThanOrEqualTo(tolerance);
                }
            }
        }
    }

    private static double meanDifference(BufferedImage actual, BufferedImage expected) {
        double sum = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int[] a = rgbAt(actual, x, y);
                int[] e = rgbAt(expected, x, y);
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a[c] - e[c]);
                }
            }
        }
        return sum / (3.0 * expected.getWidth() * expected.getHeight());
    }

    static int[] rgbAt(BufferedImage image, int x, int y) {
        int p = image.getRGB(x, y);
        return new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
    }
}
