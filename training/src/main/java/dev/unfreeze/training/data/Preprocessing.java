package dev.unfreeze.training.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.Pipeline;
import dev.unfreeze.training.runtime.AntialiasedResize;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns an image file into the model's input tensor (C x H x W float). It is the same DJL pipeline
 * that an exported model's translator runs (antialiased resize, to tensor in [0, 1], optional normalisation), so
 * predictions inside Unfreeze and from the exported folder agree.
 *
 * @param size the square input size
 * @param channels 3 (RGB) or 1 (greyscale)
 * @param mean per-channel mean, or null
 * @param std per-channel standard deviation, or null
 */
public record Preprocessing(int size, int channels, float[] mean, float[] std) {
    /**
     * How images become a model's input.
     *
     * @param imageSize the input size, 0 for the model's own
     * @param mean per-channel mean to subtract, or null for none
     * @param std per-channel standard deviation to divide by, or null for none
     */
    public static Preprocessing of(int imageSize, int ownSize, int channels, List<Double> mean,
            List<Double> std) {
        return new Preprocessing(imageSize > 0 ? imageSize : ownSize, channels, floats(mean), floats(std));
    }

    private static float[] floats(List<Double> values) {
        if (values == null) {
            return null;
        }
        float[] result = new float[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i).floatValue();
        }
        return result;
    }


    /** The DJL pipeline for these settings. */
    public Pipeline pipeline() {
        Pipeline pipeline = new Pipeline().add(new AntialiasedResize(size, size)).add(new ToTensor());
        if (mean != null && std != null) {
            pipeline.add(new Normalize(mean, std));
        }
        return pipeline;
    }

    /** The colour mode images are decoded in. */
    public Image.Flag flag() {
        return channels == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR;
    }

    /**
     * Decodes and preprocesses one file into a C x H x W array owned by the manager. Decoding goes
     * through {@link ImageFiles} (EXIF orientation, CMYK, 16-bit, the 100-megapixel limit); the
     * pixels then take the same DJL pipeline as in an exported model.
     */
    public NDArray load(Path file, NDManager manager) throws IOException {
        Image image = decode(file);
        return pipeline().transform(new NDList(image.toNDArray(manager, flag()))).singletonOrThrow();
    }

    /**
     * Decodes and resizes one file into 8-bit samples, C x H x W: the resize already rounds to 8 bits
     * (as Pillow does), so these bytes hold the image exactly, in a quarter of the memory of its floats.
     * {@link #toInput} turns them into what {@link #load} returns. It runs in plain Java, off the engine:
     * decoding threads do not queue for its operator threads.
     */
    public byte[] loadEightBit(Path file) throws IOException {
        return eightBitPlanes(read(file));
    }

    /**
     * An image resized into 8-bit planes, C x H x W. The decoders' usual layouts (OpenCV's and Java's
     * blue-green-red bytes, 8-bit grey) go to the resize as they are: it reads blue-green-red in reverse
     * and writes planes, so a photograph is not copied twice more on its way. A grey image for a colour model is
     * resized once and its plane repeated (three equal channels resize to three equal planes).
     */
    byte[] eightBitPlanes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] stored = compactBytes(image);
        if (stored != null && image.getType() == BufferedImage.TYPE_3BYTE_BGR && channels == 3
                && image.getColorModel().getColorSpace().isCS_sRGB()) {
            return AntialiasedResize.resizeToPlanes(stored, h, w, 3, true, size, size);
        }
        if (stored != null && image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] grey = AntialiasedResize.resizeToPlanes(stored, h, w, 1, false, size, size);
            if (channels == 1) {
                return grey;
            }
            byte[] planes = new byte[channels * grey.length];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(grey, 0, planes, c * grey.length, grey.length);
            }
            return planes;
        }
        return AntialiasedResize.resizeToPlanes(samples(image, channels), h, w, channels, false, size, size);
    }

    /** The image's bytes as stored, when they are one compact array (no offset, no padding, not a sub-image), or null. */
    private static byte[] compactBytes(BufferedImage image) {
        WritableRaster raster = image.getRaster();
        int bands = raster.getNumBands();
        if (raster.getDataBuffer() instanceof DataBufferByte bytes && bytes.getNumBanks() == 1 && bytes.getOffset() == 0
                && raster.getParent() == null && raster.getSampleModel() instanceof ComponentSampleModel layout
                && layout.getPixelStride() == bands && layout.getScanlineStride() == bands * image.getWidth()
                && bytes.getData().length == bands * image.getWidth() * image.getHeight()) {
            return bytes.getData();
        }
        return null;
    }

    /**
     * An image's 8-bit samples, H x W x C, exactly as DJL's {@code Image.toNDArray} makes them (what an
     * exported model's translator starts from): colour ones through {@code getRGB}, greyscale from colour with
     * DJL's luma weights.
     */
    static byte[] samples(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * channels];
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            int[] grey = image.getRaster().getPixels(0, 0, w, h, (int[]) null);
            for (int i = 0; i < grey.length; i++) {
                for (int c = 0; c < channels; c++) {
                    out[i * channels + c] = (byte) grey[i];
                }
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int red = (row[x] >> 16) & 0xFF;
                int green = (row[x] >> 8) & 0xFF;
                int blue = row[x] & 0xFF;
                int at = (y * w + x) * channels;
                if (channels == 1) {
                    out[at] = (byte) Math.round(0.299f * red + 0.587f * green + 0.114f * blue);
                } else {
                    out[at] = (byte) red;
                    out[at + 1] = (byte) green;
                    out[at + 2] = (byte) blue;
                }
            }
        }
        return out;
    }

    /**
     * Writes the model's input for 8-bit samples from {@link #loadEightBit} into {@code target} at
     * {@code offset}: each sample over 255, then the normalisation, in single precision as DJL's
     * {@code ToTensor} and {@code Normalize} compute them.
     */
    public void toInput(byte[] eightBit, float[] target, int offset) {
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            float m = mean == null ? 0f : mean[c];
            float s = std == null ? 1f : std[c];
            boolean normalise = mean != null && std != null;
            int from = c * plane;
            for (int i = from; i < from + plane; i++) {
                float v = (eightBit[i] & 0xff) / 255f;
                target[offset + i] = normalise ? (v - m) / s : v;
            }
        }
    }

    /**
     * Decodes a file through {@link ImageFiles} (EXIF orientation, CMYK, 16-bit, WebP, the size limit), a
     * large JPEG at the fraction of its size that still covers the input.
     */
    private Image decode(Path file) throws IOException {
        return ImageFactory.getInstance().fromImage(read(file));
    }

    /** The one place both paths read a file: {@link #decode} for the DJL pipeline, {@link #loadEightBit} for the cache. */
    private BufferedImage read(Path file) throws IOException {
        try {
            return ImageFiles.read(file, size, size);
        } catch (ImageFiles.Unusable e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The number of floats in one preprocessed image. */
    public int length() {
        return channels * size * size;
    }
}
