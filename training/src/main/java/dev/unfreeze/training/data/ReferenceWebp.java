package dev.unfreeze.training.data;

import com.luciad.imageio.webp.internal.NativeLoader;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether libwebp's ImageIO reader (a native library inside its jar, for Linux, macOS and Windows) can
 * be used here. Its library loads once, on first use; where it cannot (another processor, a locked-down
 * temporary folder), WebP files are decoded by TwelveMonkeys' pure-Java reader instead, and the log says so.
 */
final class ReferenceWebp {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceWebp.class);
    private static final String READER_PACKAGE = "com.luciad.imageio.webp.";

    private ReferenceWebp() {}

    private static final class Loaded {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                boolean loaded = NativeLoader.initialize();
                if (!loaded) {
                    LOG.warn("libwebp could not be loaded; WebP images are decoded by the pure-Java reader");
                }
                return loaded;
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("libwebp could not be loaded ({}); WebP images are decoded by the pure-Java reader", e.toString());
                return false;
            }
        }
    }

    /** Whether the native library has loaded (loading it on the first call). */
    static boolean available() {
        return Loaded.AVAILABLE;
    }

    /** Whether this reader is libwebp's. */
    static boolean isReader(ImageReader reader) {
        return reader != null && reader.getClass().getName().startsWith(READER_PACKAGE);
    }

    /**
     * {@code RGBA} or {@code RGB}, from the WebP container: libwebp's reader always decodes to RGBA, so the
     * header says whether the file has transparency (the extended header's alpha flag, or the lossless
     * bitstream's alpha bit).
     */
    static String colourMode(byte[] content) {
        if (content.length < 30) {
            return "RGB";
        }
        String chunk = new String(content, 12, 4, StandardCharsets.US_ASCII);
        boolean alpha = switch (chunk) {
            case "VP8X" -> (content[20] & 0x10) != 0;
            // after the signature byte 0x2f: 14 bits width - 1, 14 bits height - 1, then the alpha bit
            case "VP8L" -> (content[24] & 0x10) != 0;
            default -> false;
        };
        return alpha ? "RGBA" : "RGB";
    }
}
