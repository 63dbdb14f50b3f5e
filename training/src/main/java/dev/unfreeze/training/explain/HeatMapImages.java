package dev.unfreeze.training.explain;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A heat map as pictures at the image's own size: the map alone in grey, and laid over the image in colour. */
public final class HeatMapImages {
    /** A perceptual ramp from dark violet through red to pale yellow (after matplotlib's "inferno"). */
    private static final int[][] RAMP = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};

    private HeatMapImages() {}

    /** The map at the image's size in grey, brighter where it mattered more. */
    public static BufferedImage heat(HeatMap map, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.getRaster().setSample(x, y, 0, Math.round(255 * map.at((x + 0.5) / width, (y + 0.5) / height)));
            }
        }
        return out;
    }

    /**
     * The image with the map over it in colour: each place tinted as much as it mattered, times {@code opacity}
     * (0 shows the image alone, 1 the map's colour where it mattered most).
     */
    public static BufferedImage overlay(BufferedImage image, HeatMap map, double opacity) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float h = map.at((x + 0.5) / width, (y + 0.5) / height);
                int rgb = image.getRGB(x, y);
                int[] colour = colour(h);
                double a = opacity * Math.sqrt(h); // faint places still show a little colour
                int r = (int) Math.round((1 - a) * ((rgb >> 16) & 0xff) + a * colour[0]);
                int g = (int) Math.round((1 - a) * ((rgb >> 8) & 0xff) + a * colour[1]);
                int b = (int) Math.round((1 - a) * (rgb & 0xff) + a * colour[2]);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** The ramp's colour for a value from 0 to 1. */
    static int[] colour(double value) {
        double position = Math.max(0, Math.min(1, value)) * (RAMP.length - 1);
        int i = Math.min(RAMP.length - 2, (int) position);
        double f = position - i;
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            c[k] = (int) Math.round(RAMP[i][k] * (1 - f) + RAMP[i + 1][k] * f);
        }
        return c;
    }

    /** Writes {@code NAME-heat.png} and {@code NAME-overlay.png} for the image into the folder. */
    public static void write(BufferedImage image, HeatMap map, Path folder, String name) throws IOException {
        ImageIO.write(heat(map, image.getWidth(), image.getHeight()), "png", folder.resolve(name + "-heat.png").toFile());
        ImageIO.write(overlay(image, map, 0.6), "png", folder.resolve(name + "-overlay.png").toFile());
    }
}
