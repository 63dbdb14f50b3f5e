package dev.unfreeze.training.runtime;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

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

    private SmallCnn() {}

    /** Builds the uninitialised backbone. */
    public static Block create() {
        SequentialBlock net = new SequentialBlock();
        net.add(convBlock(32, true));
        net.add(convBlock(64, true));
        net.add(convBlock(FEATURES, false));
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
