package dev.unfreeze.training.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.Pipeline;
import dev.unfreeze.training.runtime.AntialiasedResize;
import java.io.IOException;
import java.nio.file.Path;

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
        return pipeline().transform(new ai.djl.ndarray.NDList(image.toNDArray(manager, flag()))).singletonOrThrow();
    }

    /**
     * Decodes and resizes one file into 8-bit samples, C x H x W: the resize already rounds to 8 bits
     * (as Pillow does), so these bytes hold the image exactly, in a quarter of the memory of its floats.
     * {@link #toInput} turns them into what {@link #load} returns.
     */
    public byte[] loadEightBit(Path file, NDManager manager) throws IOException {
        Image image = decode(file);
        NDArray resized = new AntialiasedResize(size, size).transform(image.toNDArray(manager, flag()));
        return resized.transpose(2, 0, 1).toType(ai.djl.ndarray.types.DataType.UINT8, false).toByteArray();
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

    /** Decodes a file through {@link ImageFiles} (EXIF orientation, CMYK, 16-bit, WebP, the size limit). */
    private static Image decode(Path file) throws IOException {
        try {
            return ImageFactory.getInstance().fromImage(ImageFiles.read(file));
        } catch (ImageFiles.Unusable e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The number of floats in one preprocessed image. */
    public int length() {
        return channels * size * size;
    }
}
