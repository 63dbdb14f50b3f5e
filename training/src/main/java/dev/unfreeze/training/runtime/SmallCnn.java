package dev.unfreeze.training.runtime;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * A small convolutional backbone for small greyscale images: three conv / BatchNorm / ReLU blocks
 * (32, 64, 128 channels), then global average pooling to a 128-d feature vector. Each block is one
 * layer group.
 */
public final class SmallCnn {
    /** The architecture name recorded in model metadata. */
    public static final String ARCHITECTURE = "small-cnn";
    /** The size of the feature vector. */
    public static final int FEATURES = 128;
    /** The convolution blocks in order: a 3 x 3 convolution (padding 1), BatchNorm, ReLU, and a 2 x 2 max-pool if pooled. */
    public static final List<Layer> LAYERS = List.of(new Layer(32, true), new Layer(64, true),
            new Layer(FEATURES, false));

    /** One convolution block: its output channels, and whether a 2 x 2 max-pool halves its output. */
    public record Layer(int channels, boolean pooled) {}

    private SmallCnn() {}

    /** Builds the uninitialised backbone. */
    public static Block create() {
        SequentialBlock net = new SequentialBlock();
        for (Layer layer : LAYERS) {
            net.add(convBlock(layer.channels(), layer.pooled()));
        }
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    private static Block convBlock(int channels, boolean pool) {
        SequentialBlock block = new SequentialBlock();
        block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(channels).build());
        block.add(BatchNorm.builder().build());
        block.add(Activation.reluBlock());
        if (pool) {
            block.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return block;
    }
}
