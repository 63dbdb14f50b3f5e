package dev.unfreeze.training.runtime;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/** The new heads a backbone can get. */
public final class HeadBlocks {
    private HeadBlocks() {}

    /**
     * Builds a head.
     *
     * @param type {@code linear} or {@code mlp}
     * @param classes the number of classes
     * @param hidden the MLP's hidden units
     * @param dropout dropout before the last layer
     * @return an uninitialised head
     */
    public static Block create(String type, int classes, int hidden, float dropout) {
        SequentialBlock head = new SequentialBlock();
        if ("mlp".equals(type)) {
            head.add(Linear.builder().setUnits(hidden).build());
            head.add(Activation.reluBlock());
        }
        if (dropout > 0) {
            head.add(Dropout.builder().optRate(dropout).build());
        }
        head.add(Linear.builder().setUnits(classes).build());
        return head;
    }
}
