package dev.unfreeze.training.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * Small PNG pictures of dataset images for the workbench's grid, made on first use and kept in the
 * workspace cache (named by the image's path, size and modification time, so an edited image gets a
 * new one). They go through {@link ImageFiles}, so CMYK, WebP and EXIF-rotated images show upright
 * and in colour, as training sees them.
 */
public final class Thumbnails {
    private final Path folder;
    private final int size;

    /**
     * @param folder where thumbnails are kept
     * @param size the longer side in pixels
     */
    public Thumbnails(Path folder, int size) {
        this.folder = folder;
        this.size = size;
    }

    /** The thumbnail of an image, made now if it is not cached. */
    public Path of(Path image) throws IOException, ImageFiles.Unusable {
        Path cached = folder.resolve(key(image) + ".png");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        byte[] content = Files.readAllBytes(image);
        if (content.length > DatasetInspector.MAX_FILE_BYTES) {
            throw new ImageFiles.Unusable("too-large", "the file is too large to show");
        }
        BufferedImage source = ImageFiles.read(content, size, size);
        double scale = Math.min(1.0, (double) size / Math.max(source.getWidth(), source.getHeight()));
        int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, "thumb", ".tmp");
        try {
            ImageIO.write(small, "png", tmp.toFile());
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return cached;
    }

    private String key(Path image) throws IOException {
        Path file = image.toAbsolutePath().normalize();
        String identity = file + "\n" + Files.size(file) + "\n" + Files.getLastModifiedTime(file).toMillis() + "\n" + size;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
