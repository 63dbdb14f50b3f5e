package dev.unfreeze.training.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An exported network's first step: the input size and normalisation Unfreeze trained with, inside the network, so
 * that plain DJL gives {@code predict}'s answers. DJL's loader builds its own image translator from
 * {@code serving.properties} (it chooses the translator before it reads the folder's {@code translatorFactory}), and
 * that translator's resize samples without antialiasing; here an image of any size arrives as DJL's {@code ToTensor}
 * makes it (N x C x H x W in [0, 1]) and is resized with {@link AntialiasedResize}, Pillow's filter to the bit, as
 * in training, then normalised. An input already at the model's size is only normalised.
 */
public final class ExactInput extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block network;
    private final int width;
    private final int height;
    private final float[] mean;
    private final float[] std;

    /**
     * @param network the adapted network, for inputs of {@code height x width}
     * @param mean per-channel mean to subtract, or null for none
     * @param std per-channel standard deviation to divide by, or null for none
     */
    public ExactInput(Block network, int width, int height, float[] mean, float[] std) {
        super(VERSION);
        this.network = addChildBlock("network", network);
        this.width = width;
        this.height = height;
        this.mean = mean;
        this.std = std;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        boolean single = x.getShape().dimension() == 3;
        if (single) {
            x = x.expandDims(0);
        }
        if (x.getShape().get(2) != height || x.getShape().get(3) != width) {
            x = resized(x);
        }
        NDList out = network.forward(store, new NDList(normalised(x)), training, params);
        return single ? new NDList(out.singletonOrThrow().squeeze(0)) : out;
    }

    /** The adapted network behind this step. */
    public Block network() {
        return network;
    }

    /** A batch at the model's size, normalised as training normalised it: what the network itself receives. */
    public NDArray normalised(NDArray x) {
        if (mean == null || std == null) {
            return x;
        }
        NDManager manager = x.getManager();
        int channels = mean.length;
        return x.sub(manager.create(mean, new Shape(1, channels, 1, 1))).div(manager.create(std, new Shape(1, channels, 1, 1)));
    }

    /** Each image back to its 8-bit samples (ToTensor divided them by 255), resized, and into [0, 1] again. */
    private NDArray resized(NDArray batch) {
        Shape shape = batch.getShape();
        int n = (int) shape.get(0);
        int channels = (int) shape.get(1);
        int inHeight = (int) shape.get(2);
        int inWidth = (int) shape.get(3);
        float[] values = batch.toType(DataType.FLOAT32, false).toFloatArray();
        int plane = inHeight * inWidth;
        int outPlane = height * width;
        float[] out = new float[n * channels * outPlane];
        for (int i = 0; i < n; i++) {
            byte[] samples = new byte[plane * channels];
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    float v = values[(i * channels + c) * plane + p];
                    samples[p * channels + c] = (byte) Math.round(Math.max(0, Math.min(255, v * 255f)));
                }
            }
            byte[] planes = AntialiasedResize.resizeToPlanes(samples, inHeight, inWidth, channels, false, height, width);
            for (int k = 0; k < planes.length; k++) {
                out[i * channels * outPlane + k] = (planes[k] & 0xff) / 255f;
            }
        }
        return batch.getManager().create(out, new Shape(n, channels, height, width));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return network.getOutputShapes(new Shape[] {new Shape(in.get(0), in.get(1), height, width)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        network.initialize(manager, dataType, new Shape(in.get(0), in.get(1), height, width));
    }
}
