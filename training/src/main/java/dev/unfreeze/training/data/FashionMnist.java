package dev.unfreeze.training.data;

import dev.unfreeze.training.api.UnfreezeException;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Fashion-MNIST in its standard gzip-compressed idx files: 28 x 28 greyscale images in 10 classes.
 *
 * @param pixels one 784-byte image per row
 * @param labels the class of each image
 */
public record FashionMnist(byte[][] pixels, int[] labels) {
    /** The class names, in label order. */
    public static final List<String> CLASSES = List.of("T-shirt top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Image side in pixels. */
    public static final int SIZE = 28;

    /** Reads the training set ({@code train-*}) or the test set ({@code t10k-*}) from a folder. */
    public static FashionMnist read(Path folder, boolean test) {
        String prefix = test ? "t10k" : "train";
        Path images = folder.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = folder.resolve(prefix + "-labels-idx1-ubyte.gz");
        try (DataInputStream in = open(images); DataInputStream lin = open(labels)) {
            if (in.readInt() != 2051 || lin.readInt() != 2049) {
                throw new UnfreezeException(folder + " does not hold Fashion-MNIST idx files");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (lin.readInt() != count || rows != SIZE || cols != SIZE) {
                throw new UnfreezeException("the Fashion-MNIST files in " + folder + " do not match each other");
            }
            byte[][] pixels = new byte[count][SIZE * SIZE];
            int[] y = new int[count];
            for (int i = 0; i < count; i++) {
                in.readFully(pixels[i]);
                y[i] = lin.readUnsignedByte();
            }
            return new FashionMnist(pixels, y);
        } catch (IOException e) {
            throw new UnfreezeException("cannot read Fashion-MNIST from " + folder + " (expected " + images.getFileName()
                    + " and " + labels.getFileName() + "): " + e.getMessage(), e);
        }
    }

    /** Writes one image as a greyscale PNG. */
    public void writePng(int index, Path file) throws IOException {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, SIZE, SIZE, pixels[index]);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw)));
    }
}
