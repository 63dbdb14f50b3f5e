package dev.unfreeze.training.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Image files made by the tests themselves: every format and colour mode, and broken ones. */
final class TestImages {
    /** An 8 x 6 lossless WebP filled with rgb(200, 30, 40). */
    static final byte[] WEBP = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4TBYAAAAvB0ABAAdQjyIXpf8BgCD8b5uI6H8I");
    /** An 8 x 6 CMYK JPEG (Adobe marker) of rgb(200, 30, 40). */
    static final byte[] CMYK_JPEG = Base64.getDecoder().decode("/9j/7gAOQWRvYmUAZAAAAAAC/9sAQwABAQEBAQEBAQEBAQEBAQECAQEBAQECAQEB"
            + "AgICAgICAgICAwMEAwMDAwMCAgMEAwMEBAQEBAIDBQUEBAUEBAQE/9sAQwEBAQEBAQECAQECBAMCAwQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBA"
            + "QEBAQEBAQEBAQEBAQEBAQEBAQEBAQE/8AAFAgABgAIBAERAAIRAQMRAQQRAP/EABUAAQEAAAAAAAAAAAAAAAAAAAgK/8QAFBABAAAAAAAAAAAAAAAAAA"
            + "AAAP/EABUBAQEAAAAAAAAAAAAAAAAAAAgK/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAA4EAQACEQMRBAAAPwBcHginUgP/2Q==");

    private TestImages() {}

    /** A picture with a gradient and a seeded mark, so two calls with different seeds differ. */
    static BufferedImage picture(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int x = 0; x < width; x++) {
            g.setColor(new Color((x * 255) / Math.max(1, width - 1), Math.floorMod(seed * 37, 256), 90));
            g.drawLine(x, 0, x, height - 1);
        }
        g.setColor(Color.WHITE);
        g.fillRect(Math.floorMod(seed * 7, Math.max(1, width - 4)), Math.floorMod(seed * 3, Math.max(1, height - 4)), 4, 4);
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** A PNG of {@code width} x {@code height} pixels. */
    static Path png(Path file, int width, int height, int seed) throws IOException {
        return write(file, encode(picture(width, height, seed), "png"));
    }

    /** A JPEG of {@code width} x {@code height} pixels. */
    static Path jpeg(Path file, int width, int height, int seed) throws IOException {
        return write(file, encode(picture(width, height, seed), "jpeg"));
    }

    /** JPEG content with an EXIF block whose orientation tag says {@code orientation}. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8); // header, IFD at 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.length);
        out.put(jpeg, 0, 2); // SOI
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** A valid PNG header that declares a huge image, with no pixel data behind it (a decompression bomb's shape). */
    static byte[] hugeDeclaredPng(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer out = ByteBuffer.allocate(8 + 25 + 12);
        out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.array();
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
    }
}
