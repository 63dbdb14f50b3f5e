package dev.unfreeze.training.data;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import dev.unfreeze.training.api.DatasetReport;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads image files the way people have them: JPEG (including CMYK and EXIF-rotated), PNG (palette,
 * greyscale, alpha, 16-bit), BMP, GIF (the first frame) and WebP. The format is recognised from the
 * content, not the name, and the declared size is checked before any pixel is decoded, so a small
 * file that claims to be huge (a decompression bomb) is refused cheaply.
 */
public final class ImageFiles {
    /** Images with more pixels than this are refused before decoding. */
    public static final long MAX_PIXELS = 100_000_000L;

    private static final Map<String, String> FORMAT_BY_EXTENSION = Map.of("jpg", "jpeg", "jpeg", "jpeg", "jpe", "jpeg",
            "png", "png", "bmp", "bmp", "gif", "gif", "webp", "webp");

    static {
        // The TwelveMonkeys readers register through the service loader; scanning again makes them
        // visible when the engine runs under another class loader (the worker, the tests).
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {}

    /**
     * What a readable image is.
     *
     * @param format the format found in the content ({@code jpeg}, {@code png}, ...)
     * @param width width in pixels, after EXIF orientation
     * @param height height in pixels, after EXIF orientation
     * @param colourMode {@code RGB}, {@code RGBA}, {@code greyscale}, {@code palette}, {@code CMYK},
     *     or one of those with {@code 16-bit}
     */
    public record Header(String format, int width, int height, String colourMode) {}

    /** Why a file cannot be used, with a stable kind (see {@link DatasetReport.Finding}). */
    public static final class Unusable extends Exception {
        private final String kind;

        Unusable(String kind, String message) {
            super(message);
            this.kind = kind;
        }

        /** The stable kind of the problem. */
        public String kind() {
            return kind;
        }
    }

    /**
     * Which native decoders loaded here, for diagnostics: {@code webp} (libwebp or the pure-Java reader)
     * and {@code large-jpeg} (reduced-size decoding through OpenCV, or whole).
     */
    public static Map<String, String> decoders() {
        return Map.of("webp", ReferenceWebp.available() ? "libwebp" : "pure Java (libwebp did not load)",
                "large-jpeg", ScaledJpeg.available() ? "decoded at 1/2, 1/4 or 1/8 size (libjpeg-turbo through OpenCV "
                        + org.opencv.core.Core.VERSION + ")" : "decoded whole (OpenCV did not load)");
    }

    /** Whether a file name has an extension of a format Unfreeze reads. */
    public static boolean hasImageExtension(Path file) {
        return FORMAT_BY_EXTENSION.containsKey(extension(file));
    }

    /** The format a file's extension promises, or null for an unknown extension. */
    public static String formatOfExtension(Path file) {
        return FORMAT_BY_EXTENSION.get(extension(file));
    }

    /**
     * Decodes the whole image (subsampled, to save time on large ones) to prove it is intact, and
     * returns its header. Truncated and damaged files fail here.
     */
    public static Header check(byte[] content) throws Unusable {
        return withReader(content, (reader, header) -> {
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(header.width(), header.height()) / 256);
            param.setSourceSubsampling(step, step, 0, 0);
            decode(reader, param);
            return header;
        });
    }

    /** Decodes a file into an image upright as its EXIF orientation says. */
    public static BufferedImage read(Path file) throws Unusable, IOException {
        return read(Files.readAllBytes(file));
    }

    /** Decodes content into an image upright as its EXIF orientation says. */
    public static BufferedImage read(byte[] content) throws Unusable {
        return read(content, 0, 0);
    }

    /**
     * Decodes a file for a use that needs at least {@code wantedWidth x wantedHeight} pixels (upright):
     * a large JPEG may then decode at 1/2, 1/4 or 1/8 of its size (see {@link ScaledJpeg}), still at least
     * that large; anything else decodes whole, as {@link #read(Path)} does.
     */
    public static BufferedImage read(Path file, int wantedWidth, int wantedHeight) throws Unusable, IOException {
        if (wantedWidth > 0 && wantedHeight > 0) { // OpenCV loads only once a JPEG turns out worth scaling
            try (NativeFileBytes bytes = NativeFileBytes.read(file)) {
                if (bytes != null) {
                    BufferedImage scaled = bytes.scalableJpeg(wantedWidth, wantedHeight) && ScaledJpeg.available()
                            ? scaledJpeg(bytes, wantedWidth, wantedHeight) : null;
                    return scaled != null ? scaled : read(bytes.toArray(), wantedWidth, wantedHeight);
                }
            }
        }
        return read(Files.readAllBytes(file), wantedWidth, wantedHeight);
    }

    /**
     * A large JPEG decoded at a fraction of its size from native memory, with only its header parsed in Java
     * (see {@link NativeFileBytes}), upright; null where it is to be read the general way (a JPEG to decode
     * whole after all, one whose header does not parse on its own), which reports what is wrong with a damaged
     * file as it always has.
     */
    static BufferedImage scaledJpeg(NativeFileBytes bytes, int wantedWidth, int wantedHeight) {
        byte[] header = bytes.header();
        try {
            return withReader(header, (reader, found) -> {
                if (!"jpeg".equals(found.format())) {
                    return null;
                }
                int orientation = ExifOrientation.of(header);
                int scale = scale(found, orientation, wantedWidth, wantedHeight);
                BufferedImage image = scale < 2 ? null : ScaledJpeg.read(bytes, header, found.colourMode(), scale);
                return image == null ? null : ExifOrientation.upright(image, orientation);
            });
        } catch (Unusable e) {
            return null;
        }
    }

    /** {@link ScaledJpeg#scale} for a JPEG's upright size and EXIF orientation. */
    private static int scale(Header header, int orientation, int wantedWidth, int wantedHeight) {
        boolean swapped = orientation >= 5; // the header's size is upright; the stored one is not
        return ScaledJpeg.scale(swapped ? header.height() : header.width(), swapped ? header.width() : header.height(),
                swapped ? wantedHeight : wantedWidth, swapped ? wantedWidth : wantedHeight);
    }

    /** {@link #read(Path, int, int)} for content in memory; 0 x 0 decodes whole. */
    public static BufferedImage read(byte[] content, int wantedWidth, int wantedHeight) throws Unusable {
        return withReader(content, (reader, header) -> {
            if (!"jpeg".equals(header.format())) {
                return EightBitPixels.of(decode(reader, reader.getDefaultReadParam()));
            }
            int orientation = ExifOrientation.of(content);
            int scale = scale(header, orientation, wantedWidth, wantedHeight);
            BufferedImage scaled = ScaledJpeg.read(content, header.colourMode(), scale);
            BufferedImage image = scaled != null ? scaled : EightBitPixels.of(decode(reader, reader.getDefaultReadParam()));
            return ExifOrientation.upright(image, orientation);
        });
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader, Header header) throws IOException, Unusable;
    }

    private static <T> T withReader(byte[] content, ReaderWork<T> work) throws Unusable {
        if (content.length == 0) {
            throw new Unusable("empty-file", "the file is empty (0 bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new Unusable("not-an-image", "not an image: no image format matches its content" + describe(content));
            }
            ImageReader reader = preferred(readers);
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                format = format.equals("jpg") ? "jpeg" : format;
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                long pixels = (long) width * height;
                if (pixels > MAX_PIXELS) {
                    throw new Unusable("too-large", String.format(Locale.ROOT,
                            "declares %,d x %,d pixels (%,d megapixels); images over %,d megapixels are refused before"
                                    + " decoding", width, height, pixels / 1_000_000, MAX_PIXELS / 1_000_000));
                }
                if (width <= 0 || height <= 0) {
                    throw new Unusable("unreadable", "declares no pixels (" + width + " x " + height + ")");
                }
                int orientation = "jpeg".equals(format) ? ExifOrientation.of(content) : 1;
                boolean swapped = orientation >= 5;
                String mode = ReferenceWebp.isReader(reader) ? ReferenceWebp.colourMode(content) : colourMode(reader);
                Header header = new Header(format, swapped ? height : width, swapped ? width : height, mode);
                return work.apply(reader, header);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new Unusable("unreadable", "damaged or truncated: " + message(e));
        }
    }

    /**
     * The reader to use when several claim the content: for WebP, libwebp (the reference decoder) where its
     * native library loads. TwelveMonkeys' pure-Java WebP reader upsamples chroma more simply and converts
     * embedded colour profiles; its pixels differ from libwebp's by about 1.5 levels on average, enough to move
     * a small photo task's linear probe by several points (photos-4: 0.687 against 0.747). libwebp's pixels
     * are the ones Pillow, and so PyTorch pipelines and the backbones' own training, see.
     */
    static ImageReader preferred(Iterator<ImageReader> readers) {
        List<ImageReader> all = new ArrayList<>();
        readers.forEachRemaining(all::add);
        ImageReader chosen = all.stream().filter(r -> ReferenceWebp.isReader(r) && ReferenceWebp.available()).findFirst()
                .orElse(all.stream().filter(r -> !ReferenceWebp.isReader(r)).findFirst().orElse(all.get(0)));
        all.stream().filter(r -> r != chosen).forEach(ImageReader::dispose);
        return chosen;
    }

    private static BufferedImage decode(ImageReader reader, ImageReadParam param) throws IOException, Unusable {
        StringBuilder warnings = new StringBuilder();
        reader.addIIOReadWarningListener((source, warning) -> warnings.append(warning).append("; "));
        BufferedImage image = reader.read(0, param);
        String warned = warnings.toString().toLowerCase(Locale.ROOT);
        if (warned.contains("premature end") || warned.contains("truncat") || warned.contains("corrupt")) {
            throw new Unusable("unreadable", "damaged or truncated: " + warnings.toString().replaceAll("; $", ""));
        }
        return image;
    }

    private static String colourMode(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            return "unknown";
        }
        ColorModel model = type.getColorModel();
        String mode;
        if (model instanceof IndexColorModel) {
            mode = "palette";
        } else if (model.getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
            mode = "CMYK";
        } else if (model.getNumColorComponents() == 1) {
            mode = model.hasAlpha() ? "greyscale with alpha" : "greyscale";
        } else {
            mode = model.hasAlpha() ? "RGBA" : "RGB";
        }
        boolean deep = model.getComponentSize(0) > 8 && !(model instanceof IndexColorModel);
        return deep ? "16-bit " + mode : mode;
    }

    private static String describe(byte[] content) {
        int n = Math.min(content.length, 16);
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int b = content[i] & 0xff;
            if (b == '\n' || b == '\r' || b == '\t' || (b >= 32 && b < 127)) {
                printable++;
            }
        }
        return printable == n ? " (it looks like text)" : "";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
