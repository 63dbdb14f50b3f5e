package dev.unfreeze.training.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;

/** Decoded images with 8 bits a sample, as the model's preprocessing expects. */
final class EightBitPixels {
    private EightBitPixels() {}

    /**
     * Greyscale of any depth becomes 8-bit greyscale, and 16-bit colour 8-bit RGB, by keeping each
     * sample's top 8 bits. Java's colour conversion would treat grey as linear light and brighten it
     * on the way to sRGB, so a 16-bit greyscale PNG would not look like its 8-bit twin to the model.
     */
    static BufferedImage of(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY || model instanceof IndexColorModel) {
            return image;
        }
        boolean grey = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int bits = model.getComponentSize(0);
        if (!grey && bits <= 8) {
            return image;
        }
        int shift = Math.max(0, bits - 8);
        int w = image.getWidth();
        int h = image.getHeight();
        WritableRaster raster = image.getRaster();
        BufferedImage out = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int[][] bands = new int[grey ? 1 : 3][w];
        int[] rgb = new int[w];
        for (int y = 0; y < h; y++) {
            for (int b = 0; b < bands.length; b++) {
                raster.getSamples(0, y, w, 1, b, bands[b]);
            }
            if (grey) {
                for (int x = 0; x < w; x++) {
                    bands[0][x] >>>= shift;
                }
                out.getRaster().setSamples(0, y, w, 1, 0, bands[0]);
            } else {
                for (int x = 0; x < w; x++) {
                    rgb[x] = (bands[0][x] >>> shift) << 16 | (bands[1][x] >>> shift) << 8 | (bands[2][x] >>> shift);
                }
                out.setRGB(0, y, w, 1, rgb, 0, w);
            }
        }
        return out;
    }
}
