package dev.unfreeze.training.export.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import java.util.List;

/** A head made by {@code HeadBlocks} as ONNX nodes: each Linear a Gemm, its activation a Relu, dropout nothing. */
final class HeadGraph {
    private HeadGraph() {}

    /** Appends the head on the features and returns the name of its N x classes scores. */
    static String append(OnnxGraph graph, Block head, String features) {
        String x = features;
        int index = 0;
        for (Pair<String, Block> child : head.getChildren()) {
            Block block = child.getValue();
            if (block instanceof Linear) {
                String prefix = "head." + index + ".";
                graph.initializer(prefix + "weight", block.getParameters().get("weight").getArray());
                graph.initializer(prefix + "bias", block.getParameters().get("bias").getArray());
                String out = graph.fresh("linear" + index);
                // DJL keeps a Linear's weight as out x in, which Gemm reads with transB
                graph.node("Gemm", List.of(x, prefix + "weight", prefix + "bias"), out, OnnxGraph.i("transB", 1));
                x = out;
            } else if (block instanceof LambdaBlock) {
                // the only function a head has is its MLP's ReLU (HeadBlocks)
                String out = graph.fresh("relu" + index);
                graph.node("Relu", List.of(x), out);
                x = out;
            } else if (!(block instanceof Dropout)) {
                throw new IllegalStateException("no ONNX form for a head block " + block.getClass().getSimpleName());
            }
            index++;
        }
        return x;
    }
}
