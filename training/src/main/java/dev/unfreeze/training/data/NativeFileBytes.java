package dev.unfreeze.training.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A file's bytes in native memory, where OpenCV decodes a large JPEG without a copy; only its header (the
 * segments before the image data: size, EXIF, colour profile) is copied into Java for the metadata parsers.
 * For a 4 MB photograph decoded at 1/8 of its size, reading it into a new Java array and copying that again
 * for OpenCV took about 2.4 ms of the 53 a picture takes; reading it here takes 0.75. Other files are copied
 * into a Java array once, as reading them directly would have.
 *
 * <p>The memory is a direct buffer the reading thread keeps for its next file (allocating and freeing one a
 * file would cost what it saves), grown to the largest file it has read, up to {@link #MAX_BYTES}: the decoding
 * threads are few and long-lived. Larger files are read into a Java array the usual way, so no buffer is ever
 * made for one file and left to the collector. Closing hands the buffer back to the thread.
 */
final class NativeFileBytes implements AutoCloseable {
    /** The largest file read this way, and so the largest buffer a thread keeps (a camera's JPEG is 3 to 12 MB). */
    static final int MAX_BYTES = 16 << 20;
    private static final ThreadLocal<ByteBuffer> SPARE = new ThreadLocal<>();

    private final ByteBuffer bytes;
    /** Where the start-of-scan segment ends (the header's length), or -1 when it is not a JPEG whose segments lead there. */
    private final int headerLength;
    /** The stored width and height from the frame header, 0 when unknown. */
    private int width;
    private int height;

    private NativeFileBytes(ByteBuffer bytes) {
        this.bytes = bytes;
        this.headerLength = walkSegments();
    }

    /** The file's bytes, or null when it is too large to read this way. */
    static NativeFileBytes read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            if (size > MAX_BYTES) {
                return null;
            }
            ByteBuffer buffer = SPARE.get();
            SPARE.set(null); // while this one is open, a nested read on the thread gets a buffer of its own
            if (buffer == null || buffer.capacity() < size) {
                buffer = ByteBuffer.allocateDirect((int) Math.min(MAX_BYTES, Math.max(4096, Long.highestOneBit(size) * 2)));
            }
            buffer.clear().limit((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // a file that shrinks while it is read ends the loop at its new end
            }
            buffer.flip();
            return new NativeFileBytes(buffer);
        }
    }

    /** The number of bytes. */
    int length() {
        return bytes.limit();
    }

    private int at(int index) {
        return bytes.get(index) & 0xff;
    }

    /**
     * Walks a JPEG's marker segments from its start marker to the end of the first start-of-scan segment,
     * noting the frame's size on the way; -1 for anything else.
     */
    private int walkSegments() {
        if (length() < 4 || at(0) != 0xFF || at(1) != 0xD8) {
            return -1;
        }
        int at = 2;
        while (at + 4 <= length()) {
            if (at(at) != 0xFF) {
                return -1;
            }
            int marker = at(at + 1);
            if (marker == 0xFF) { // a fill byte before a marker
                at++;
                continue;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) { // markers without a segment
                at += 2;
                continue;
            }
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame && at + 9 <= length()) {
                height = at(at + 5) << 8 | at(at + 6);
                width = at(at + 7) << 8 | at(at + 8);
            }
            at += 2 + (at(at + 2) << 8 | at(at + 3));
            if (marker == 0xDA) {
                return at <= length() ? at : -1;
            }
        }
        return -1;
    }

    /**
     * Whether this is a JPEG whose header parses and which is at least twice the wanted size either way up
     * (its EXIF orientation is read later): one worth decoding at a fraction of its size.
     */
    boolean scalableJpeg(int wantedWidth, int wantedHeight) {
        return headerLength > 0 && (ScaledJpeg.scale(width, height, wantedWidth, wantedHeight) >= 2
                || ScaledJpeg.scale(height, width, wantedWidth, wantedHeight) >= 2);
    }

    /**
     * A JPEG's bytes from its start to the end of the first scan's header (the start-of-scan segment), where
     * every marker segment a metadata parser reads lies; null when it is not a JPEG whose segments lead there.
     */
    byte[] header() {
        return headerLength > 0 ? copy(0, headerLength) : null;
    }

    /** The last {@code count} bytes (fewer if the file is shorter). */
    byte[] tail(int count) {
        int n = Math.min(count, length());
        return copy(length() - n, n);
    }

    /** All the bytes, in a Java array. */
    byte[] toArray() {
        return copy(0, length());
    }

    private byte[] copy(int from, int count) {
        byte[] out = new byte[count];
        bytes.get(from, out, 0, count);
        return out;
    }

    /** The bytes as a 1 x n OpenCV matrix over the same memory, valid until {@link #close()}. */
    Mat asMat() {
        return new Mat(1, length(), CvType.CV_8U, bytes);
    }

    @Override
    public void close() {
        SPARE.set(bytes);
    }
}
