package dev.unfreeze.training.data;

import dev.unfreeze.training.api.Recipe;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * An image as the training pipeline feeds it: decoded and resized as for training, augmented by the same
 * {@link Augmentation} with a given draw, and turned back into a picture (the normalisation undone), so that
 * people see what the network will see.
 */
public final class AugmentationPreview {
    private final Preprocessing preprocessing;
    private final Augmentation augmentation;

    public AugmentationPreview(Preprocessing preprocessing, Recipe.Augmentation settings) {
        this.preprocessing = preprocessing;
        this.augmentation = new Augmentation(settings, preprocessing);
    }

    /**
     * One augmented copy of an image.
     *
     * @param seed the draw: the same seed gives the same crop, flip, rotation and colours
     * @throws IOException when the file cannot be read as an image
     */
    public BufferedImage picture(Path file, long seed) throws IOException {
        float[] input = new float[preprocessing.length()];
        preprocessing.toInput(preprocessing.loadEightBit(file), input, 0);
        float[] augmented = new float[input.length];
        augmentation.apply(input, new SplittableRandom(seed), augmented, 0);
        return toPicture(augmented);
    }

    private BufferedImage toPicture(float[] chw) {
        int size = preprocessing.size();
        int channels = preprocessing.channels();
        int plane = size * size;
        BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                int r = eightBit(chw[i], 0);
                int g = channels == 1 ? r : eightBit(chw[plane + i], 1);
                int b = channels == 1 ? r : eightBit(chw[2 * plane + i], 2);
                picture.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return picture;
    }

    private int eightBit(float value, int channel) {
        float[] mean = preprocessing.mean();
        float[] std = preprocessing.std();
        double v = mean == null || std == null ? value : value * std[channel] + mean[channel];
        return (int) Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
