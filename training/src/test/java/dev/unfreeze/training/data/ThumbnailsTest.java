package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailsTest {
    @TempDir
    Path dir;

    @Test
    void thumbnailsAreMadeOnceUprightAndSmall() throws Exception {
        Thumbnails thumbnails = new Thumbnails(dir.resolve("thumbs"), 64);
        Path photo = TestImages.write(dir.resolve("photo.jpg"), TestImages.withExifOrientation(
                TestImages.encode(TestImages.picture(400, 200, 1), "jpeg"), 6));
        Path thumb = thumbnails.of(photo);
        BufferedImage small = ImageIO.read(thumb.toFile());
        assertThat(small.getWidth()).isEqualTo(32); // upright: the stored 400 x 200 shows as 200 x 400
        assertThat(small.getHeight()).isEqualTo(64);
        FileTime made = Files.getLastModifiedTime(thumb);
        assertThat(thumbnails.of(photo)).isEqualTo(thumb);
        assertThat(Files.getLastModifiedTime(thumb)).isEqualTo(made);

        Path cmyk = TestImages.write(dir.resolve("print.jpg"), TestImages.CMYK_JPEG);
        assertThat(ImageFilesTest.rgbAt(ImageIO.read(thumbnails.of(cmyk).toFile()), 3, 3)[0]).isGreaterThan(150);

        Path broken = TestImages.write(dir.resolve("broken.png"), "no picture".getBytes());
        assertThatThrownBy(() -> thumbnails.of(broken)).isInstanceOf(ImageFiles.Unusable.class);
    }
}
