package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large JPEG read from its file decodes from native memory with only its header parsed in Java, and gives
 * exactly the pixels of the same bytes decoded from a Java array: EXIF orientation, colour profile and grey
 * included; everything it should not take (CMYK, truncated, other formats, a damaged header) goes the general
 * way and is read or refused as before.
 */
class NativeFileBytesTest {
    private static byte[] photo;

    @BeforeAll
    static void photograph() throws Exception {
        photo = TestImages.encode(ScaledJpegTest.photo(1800, 1400, 7), "jpeg");
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** What the native path gives for a file (null where it leaves the file to the general path). */
    private static BufferedImage fromNativeMemory(Path file, int wantedWidth, int wantedHeight) throws Exception {
        try (NativeFileBytes bytes = NativeFileBytes.read(file)) {
            return bytes.scalableJpeg(wantedWidth, wantedHeight) ? ImageFiles.scaledJpeg(bytes, wantedWidth, wantedHeight) : null;
        }
    }

    private static void assertSameAsFromMemory(Path file, int width, int height) throws Exception {
        BufferedImage fromFile = fromNativeMemory(file, 224, 224);
        assertThat(fromFile).as(file + " decodes from native memory").isNotNull();
        BufferedImage fromMemory = ImageFiles.read(Files.readAllBytes(file), 224, 224);
        assertThat(fromFile.getWidth()).isEqualTo(width);
        assertThat(fromFile.getHeight()).isEqualTo(height);
        assertThat(fromFile.getType()).isEqualTo(fromMemory.getType());
        assertThat(pixels(fromFile)).isEqualTo(pixels(fromMemory));
        assertThat(pixels(ImageFiles.read(file, 224, 224))).isEqualTo(pixels(fromMemory));
    }

    @Test
    void photographsDecodeFromTheFileToThePixelsOfTheDecodeFromMemory(@TempDir Path dir) throws Exception {
        assertSameAsFromMemory(TestImages.write(dir.resolve("plain.jpg"), photo), 450, 350);
        assertSameAsFromMemory(TestImages.write(dir.resolve("sideways.jpg"), TestImages.withExifOrientation(photo, 6)), 350, 450);
        byte[] linear = ScaledJpegTest.withIccProfile(photo, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());
        assertSameAsFromMemory(TestImages.write(dir.resolve("profile.jpg"), linear), 450, 350);
        BufferedImage grey = new BufferedImage(1800, 1400, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(ScaledJpegTest.photo(1800, 1400, 8), 0, 0, null);
        assertSameAsFromMemory(TestImages.write(dir.resolve("grey.jpg"), TestImages.encode(grey, "jpeg")), 450, 350);
    }

    @Test
    void whatItShouldNotTakeIsReadOrRefusedTheGeneralWay(@TempDir Path dir) throws Exception {
        Path cmyk = TestImages.write(dir.resolve("cmyk.jpg"), TestImages.CMYK_JPEG);
        assertThat(fromNativeMemory(cmyk, 4, 4)).isNull();
        assertThat(ImageFiles.read(cmyk, 4, 4).getWidth()).isEqualTo(ImageFiles.read(TestImages.CMYK_JPEG).getWidth());

        Path png = TestImages.write(dir.resolve("photo.png"), TestImages.encode(ScaledJpegTest.photo(900, 700, 2), "png"));
        assertThat(fromNativeMemory(png, 224, 224)).isNull();
        assertThat(ImageFiles.read(png, 224, 224).getWidth()).isEqualTo(900);

        Path small = TestImages.write(dir.resolve("small.jpg"), TestImages.encode(ScaledJpegTest.photo(300, 200, 3), "jpeg"));
        assertThat(fromNativeMemory(small, 224, 224)).as("not twice the wanted size").isNull();
        assertThat(ImageFiles.read(small, 224, 224).getWidth()).isEqualTo(300);

        Path truncated = TestImages.write(dir.resolve("truncated.jpg"), Arrays.copyOf(photo, photo.length * 2 / 3));
        assertThat(fromNativeMemory(truncated, 224, 224)).isNull();
        assertThatThrownBy(() -> ImageFiles.read(truncated, 224, 224))
                .isInstanceOf(ImageFiles.Unusable.class).hasMessageContaining("damaged or truncated");

        byte[] badSegment = photo.clone();
        badSegment[2] = 0x12; // where the first segment's marker should be
        Path damaged = TestImages.write(dir.resolve("damaged.jpg"), badSegment);
        assertThat(fromNativeMemory(damaged, 224, 224)).isNull();
        assertThatThrownBy(() -> ImageFiles.read(damaged, 224, 224)).isInstanceOf(ImageFiles.Unusable.class);
    }

    @Test
    void theHeaderEndsWhereTheImageDataStarts(@TempDir Path dir) throws Exception {
        try (NativeFileBytes bytes = NativeFileBytes.read(TestImages.write(dir.resolve("plain.jpg"), photo))) {
            assertThat(bytes.length()).isEqualTo(photo.length);
            byte[] header = bytes.header();
            int startOfScan = indexOf(photo, (byte) 0xFF, (byte) 0xDA);
            int scanHeaderLength = (photo[startOfScan + 2] & 0xff) << 8 | (photo[startOfScan + 3] & 0xff);
            assertThat(header).isEqualTo(Arrays.copyOf(photo, startOfScan + 2 + scanHeaderLength));
            assertThat(bytes.scalableJpeg(224, 224)).as("1800 x 1400 for 224 x 224").isTrue();
            assertThat(bytes.scalableJpeg(1000, 1000)).as("not twice 1000 x 1000").isFalse();
            assertThat(bytes.toArray()).isEqualTo(photo);
            assertThat(bytes.tail(10)).isEqualTo(Arrays.copyOfRange(photo, photo.length - 10, photo.length));
        }
        for (byte[] notJpeg : new byte[][] {"not a picture".getBytes(), new byte[0], TestImages.encode(ScaledJpegTest.photo(900, 700, 2), "png")}) {
            try (NativeFileBytes bytes = NativeFileBytes.read(TestImages.write(dir.resolve("not.jpg"), notJpeg))) {
                assertThat(bytes.header()).isNull();
                assertThat(bytes.scalableJpeg(1, 1)).isFalse();
                assertThat(bytes.toArray()).isEqualTo(notJpeg);
            }
        }
    }

    @Test
    void aReadInsideAnotherGetsMemoryOfItsOwn(@TempDir Path dir) throws Exception {
        byte[] other = TestImages.encode(ScaledJpegTest.photo(600, 500, 9), "jpeg");
        try (NativeFileBytes outer = NativeFileBytes.read(TestImages.write(dir.resolve("a.jpg"), photo))) {
            try (NativeFileBytes inner = NativeFileBytes.read(TestImages.write(dir.resolve("b.jpg"), other))) {
                assertThat(inner.tail(other.length)).isEqualTo(other);
            }
            assertThat(outer.tail(photo.length)).isEqualTo(photo);
        }
    }

    private static int indexOf(byte[] content, byte first, byte second) {
        for (int i = 0; i + 1 < content.length; i++) {
            if (content[i] == first && content[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
