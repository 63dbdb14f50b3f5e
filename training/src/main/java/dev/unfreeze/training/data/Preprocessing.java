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
        Image image;
        try {
            image = ImageFactory.getInstance().fromImage(ImageFiles.read(file));
        } catch (ImageFiles.Unusable e) {
            throw new IOException(e.getMessage(), e);
        }
        return pipeline().transform(new ai.djl.ndarray.NDList(image.toNDArray(manager, flag()))).singletonOrThrow();
    }

    /** The number of floats in one preprocessed image. */
    public int length() {
        return channels * size * size;
    }
}
