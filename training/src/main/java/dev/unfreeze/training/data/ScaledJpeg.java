package dev.unfreeze.training.data;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a JPEG at 1/2, 1/4 or 1/8 of its size when it is that much larger than needed, by letting
 * libjpeg scale the inverse DCT (what Pillow's {@code draft} does): a 12-megapixel photograph meant for a
 * 224 x 224 input decodes about four times faster at 1/8 than whole, and the antialiased resize that
 * follows has an eighth of the rows and columns to filter. The JDK's JPEG reader cannot scale the DCT, so
 * this goes through OpenCV's codecs (libjpeg-turbo; the native library ships inside its jar for Linux,
 * macOS and Windows, and loads on first use). Where it cannot load, or for what it would decode
 * differently from {@link ImageFiles} (CMYK and YCCK files, files without their end marker, which
 * libjpeg fills with grey instead of refusing), the caller decodes the whole image as before. Embedded
 * colour profiles are applied as {@link ImageFiles}' reader applies them, so a photograph looks the same
 * to the model whether it was decoded scaled or whole. EXIF orientation is left to the caller.
 */
final class ScaledJpeg {
    private static final Logger LOG = LoggerFactory.getLogger(ScaledJpeg.class);
    private static final int[] SCALES = {8, 4, 2};
    /** How far from the end of the file the end-of-image marker may lie (some cameras append a little). */
    private static final int END_MARKER_WINDOW = 4096;

    private ScaledJpeg() {}

    private static final class Loaded {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                nu.pattern.OpenCV.loadLocally();
                return true;
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("OpenCV could not be loaded ({}); large JPEG images are decoded whole", e.toString());
                return false;
            }
        }
    }

    /** Whether OpenCV's native library has loaded (loading it on the first call). */
    static boolean available() {
        return Loaded.AVAILABLE;
    }

    /**
     * The largest of 8, 4 and 2 by which a stored image can be divided and still cover the wanted size
     * (Pillow's {@code draft} rule), or 1.
     */
    static int scale(int storedWidth, int storedHeight, int wantedWidth, int wantedHeight) {
        if (wantedWidth <= 0 || wantedHeight <= 0) {
            return 1;
        }
        int room = Math.min(storedWidth / wantedWidth, storedHeight / wantedHeight);
        for (int s : SCALES) {
            if (room >= s) {
                return s;
            }
        }
        return 1;
    }

    /**
     * The image decoded at 1/{@code scale} of its stored size (not yet turned upright), or null where it
     * should be decoded whole.
     *
     * @param colourMode the colour mode {@link ImageFiles} found: only {@code RGB} and {@code greyscale} are scaled
     */
    static BufferedImage read(byte[] content, String colourMode, int scale) {
        if (!worthDecoding(colourMode, scale) || !endsWithEndMarker(content)) {
            return null;
        }
        MatOfByte encoded = new MatOfByte(content);
        try {
            return decode(encoded, content, colourMode, scale);
        } finally {
            encoded.release();
        }
    }

    /**
     * {@link #read(byte[], String, int)} for a file's bytes in native memory, decoded where they lie.
     *
     * @param header the file's {@link NativeFileBytes#header() header}, where its colour profile is
     */
    static BufferedImage read(NativeFileBytes file, byte[] header, String colourMode, int scale) {
        if (!worthDecoding(colourMode, scale) || !endsWithEndMarker(file.tail(END_MARKER_WINDOW))) {
            return null;
        }
        Mat encoded = file.asMat();
        try {
            return decode(encoded, header, colourMode, scale);
        } finally {
            encoded.release();
        }
    }

    private static boolean worthDecoding(String colourMode, int scale) {
        return scale >= 2 && ("greyscale".equals(colourMode) || "RGB".equals(colourMode)) && available();
    }

    /** Decodes at 1/{@code scale}; {@code header} holds at least the file's marker segments (its colour profile). */
    private static BufferedImage decode(Mat encoded, byte[] header, String colourMode, int scale) {
        boolean grey = "greyscale".equals(colourMode);
        int flags = Imgcodecs.IMREAD_IGNORE_ORIENTATION | switch (scale) {
            case 8 -> grey ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_8 : Imgcodecs.IMREAD_REDUCED_COLOR_8;
            case 4 -> grey ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_4 : Imgcodecs.IMREAD_REDUCED_COLOR_4;
            default -> grey ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_2 : Imgcodecs.IMREAD_REDUCED_COLOR_2;
        };
        Mat decoded = Imgcodecs.imdecode(encoded, flags);
        try {
            if (decoded.empty() || decoded.channels() != (grey ? 1 : 3)) {
                return null;
            }
            // OpenCV's colour order is blue, green, red: the byte layout of TYPE_3BYTE_BGR
            BufferedImage image = new BufferedImage(decoded.cols(), decoded.rows(),
                    grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
            decoded.get(0, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData());
            return grey ? image : withProfileApplied(image, header);
        } finally {
            decoded.release();
        }
    }

    /**
     * Converts the pixels from the file's embedded colour profile to sRGB, when it has one that is not
     * sRGB (Adobe RGB, Display P3), as TwelveMonkeys' JPEG reader does for the whole image.
     */
    private static BufferedImage withProfileApplied(BufferedImage image, byte[] content) {
        ICC_Profile profile = embeddedProfile(content);
        if (profile == null || ColorProfiles.isCS_sRGB(profile)
                || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return image;
        }
        ColorSpace from = ColorSpaces.createColorSpace(profile);
        ColorSpace sRgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        new ColorConvertOp(from, sRgb, null).filter(image.getRaster(), image.getRaster());
        return image;
    }

    /** The ICC profile in the file's APP2 segments (in their sequence order), or null. */
    private static ICC_Profile embeddedProfile(byte[] content) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP2, "ICC_PROFILE");
            if (segments.isEmpty()) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            List<byte[]> chunks = segments.stream().map(ScaledJpeg::chunk)
                    .sorted(Comparator.comparingInt(c -> c[0] & 0xff)).toList();
            for (byte[] chunk : chunks) {
                bytes.write(chunk, 2, chunk.length - 2); // after the chunk's sequence number and count
            }
            return ColorProfiles.createProfile(bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
            return null; // a damaged profile: the pixels as stored, as the whole-image reader falls back too
        }
    }

    private static byte[] chunk(JPEGSegment segment) {
        try (InputStream data = segment.data()) {
            return data.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the content ends with JPEG's end-of-image marker (FF D9), give or take trailing bytes. */
    static boolean endsWithEndMarker(byte[] content) {
        for (int i = content.length - 2; i >= Math.max(0, content.length - END_MARKER_WINDOW); i--) {
            if ((content[i] & 0xff) == 0xFF && (content[i + 1] & 0xff) == 0xD9) {
                return true;
            }
        }
        return false;
    }
}
