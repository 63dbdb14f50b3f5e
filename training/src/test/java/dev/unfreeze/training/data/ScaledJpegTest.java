package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDManager;
import dev.unfreeze.training.runtime.AntialiasedResize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large JPEGs decoded at a fraction of their size must look to the model as the whole decode does:
 * same size after the resize, same orientation, same colours (profile included), same refusals.
 */
class ScaledJpegTest {
    private static byte[] photo;

    @BeforeAll
    static void photograph() throws Exception {
        photo = TestImages.encode(photo(1800, 1400, 5), "jpeg");
    }

    @Test
    void theScaleIsTheLargestThatStillCoversTheWantedSize() {
        assertThat(ScaledJpeg.scale(4000, 3000, 224, 224)).isEqualTo(8);
        assertThat(ScaledJpeg.scale(1800, 1400, 224, 224)).isEqualTo(4);
        assertThat(ScaledJpeg.scale(1000, 750, 224, 224)).isEqualTo(2);
        assertThat(ScaledJpeg.scale(447, 3000, 224, 224)).isEqualTo(1);
        assertThat(ScaledJpeg.scale(4000, 3000, 0, 0)).isEqualTo(1);
    }

    @Test
    void aLargePhotographDecodesSmallerAndResizesToThePixelsOfTheWholeDecode() throws Exception {
        assertThat(ScaledJpeg.available()).as("OpenCV's native library loads here").isTrue();
        BufferedImage scaled = ImageFiles.read(photo, 224, 224);
        assertThat(scaled.getWidth()).isEqualTo(450);
        assertThat(scaled.getHeight()).isEqualTo(350);
        BufferedImage whole = ImageFiles.read(photo);
        assertThat(whole.getWidth()).isEqualTo(1800);
        // what the model sees, both resized to its input: about a quarter of a level apart on average
        assertThat(meanDifferenceAt224(scaled, whole)).isLessThan(1.0);
        // and nothing scales when the caller needs every pixel, or the image is not that much larger
        assertThat(ImageFiles.read(photo, 1000, 1000).getWidth()).isEqualTo(1800);
    }

    @Test
    void exifOrientationTurnsTheScaledImageUpright() throws Exception {
        byte[] sideways = TestImages.withExifOrientation(photo, 6);
        BufferedImage scaled = ImageFiles.read(sideways, 224, 224);
        BufferedImage whole = ImageFiles.read(sideways);
        assertThat(scaled.getWidth()).isEqualTo(350);
        assertThat(scaled.getHeight()).isEqualTo(450);
        assertThat(whole.getWidth()).isEqualTo(1400);
        assertThat(meanDifferenceAt224(scaled, whole)).isLessThan(1.0);
    }

    @Test
    void greyscaleStaysGreyscale() throws Exception {
        BufferedImage grey = new BufferedImage(1800, 1400, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(photo(1800, 1400, 6), 0, 0, null);
        byte[] content = TestImages.encode(grey, "jpeg");
        BufferedImage scaled = ImageFiles.read(content, 224, 224);
        assertThat(scaled.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(scaled.getWidth()).isEqualTo(450);
        assertThat(meanDifferenceAt224(scaled, ImageFiles.read(content))).isLessThan(1.0);
    }

    @Test
    void anEmbeddedColourProfileIsAppliedAsTheWholeDecodeAppliesIt() throws Exception {
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        byte[] tagged = withIccProfile(photo, profile);
        BufferedImage whole = ImageFiles.read(tagged);
        BufferedImage scaled = ImageFiles.read(tagged, 224, 224);
        assertThat(scaled.getWidth()).isEqualTo(450);
        // the profile changes the colours a lot (linear light shown as sRGB), so ignoring it would show
        assertThat(meanDifferenceAt224(whole, ImageFiles.read(photo))).isGreaterThan(10);
        assertThat(meanDifferenceAt224(scaled, whole)).isLessThan(1.0);
    }

    @Test
    void damagedAndUnsuitableFilesAreLeftToTheWholeDecoder() throws Exception {
        byte[] truncated = Arrays.copyOf(photo, photo.length * 2 / 3);
        assertThat(ScaledJpeg.endsWithEndMarker(truncated)).isFalse();
        assertThat(ScaledJpeg.endsWithEndMarker(photo)).isTrue();
        assertThatThrownBy(() -> ImageFiles.read(truncated, 224, 224))
                .isInstanceOf(ImageFiles.Unusable.class).hasMessageContaining("damaged or truncated");
        assertThat(ScaledJpeg.read(photo, "CMYK", 8)).isNull();
        assertThat(ScaledJpeg.read(photo, "RGB", 1)).isNull();
    }

    /** A photograph-like picture: a gradient, shapes with hard edges and sensor-like noise. */
    static BufferedImage photo(int width, int height, int seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(random.nextInt()), width, height, new Color(random.nextInt())));
        g.fillRect(0, 0, width, height);
        for (int s = 0; s < 20; s++) {
            g.setColor(new Color(random.nextInt()));
            g.fillOval(random.nextInt(width), random.nextInt(height), 40 + random.nextInt(width / 3), 40 + random.nextInt(height / 3));
        }
        g.dispose();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(13) - 6;
                row[x] = clamp(((row[x] >> 16) & 0xff) + n) << 16 | clamp(((row[x] >> 8) & 0xff) + n) << 8
                        | clamp((row[x] & 0xff) + n);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    /** JPEG content with an APP2 ICC_PROFILE segment right after the start marker. */
    static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        assertThat(id.length + 2 + profile.length).isLessThan(65533);
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + id.length + 2 + profile.length);
        out.put(jpeg, 0, 2); // SOI
        out.put((byte) 0xFF).put((byte) 0xE2).putShort((short) (2 + id.length + 2 + profile.length));
        out.put(id).put((byte) 1).put((byte) 1).put(profile);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** The mean absolute difference of two images' samples after the model's resize to 224 x 224. */
    private static double meanDifferenceAt224(BufferedImage a, BufferedImage b) {
        try (NDManager manager = NDManager.newBaseManager()) {
            AntialiasedResize resize = new AntialiasedResize(224, 224);
            Image.Flag flag = a.getType() == BufferedImage.TYPE_BYTE_GRAY ? Image.Flag.GRAYSCALE : Image.Flag.COLOR;
            float[] x = resize.transform(ImageFactory.getInstance().fromImage(a).toNDArray(manager, flag))
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            float[] y = resize.transform(ImageFactory.getInstance().fromImage(b).toNDArray(manager, flag))
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += Math.abs(x[i] - y[i]);
            }
            return sum / x.length;
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
