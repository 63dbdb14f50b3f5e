package dev.unfreeze.training.export.onnx;

import static dev.unfreeze.training.export.onnx.OnnxGraph.f;
import static dev.unfreeze.training.export.onnx.OnnxGraph.ints;

import ai.djl.nn.Block;
import ai.djl.util.PairList;
import dev.unfreeze.training.runtime.SmallCnn;
import java.util.List;

/** The small CNN's backbone as ONNX nodes, written from {@link SmallCnn#LAYERS} with a run's weights. */
final class SmallCnnGraph {
    /** DJL's BatchNorm epsilon, which the small CNN keeps. */
    private static final float BATCH_NORM_EPSILON = 1e-5f;

    private SmallCnnGraph() {}

    /** Appends the backbone on {@code input} and returns the name of its N x 128 feature output. */
    static String append(OnnxGraph graph, Block backbone, String input) {
        PairList<String, Block> blocks = backbone.getChildren();
        String x = input;
        for (int i = 0; i < SmallCnn.LAYERS.size(); i++) {
            SmallCnn.Layer layer = SmallCnn.LAYERS.get(i);
            PairList<String, Block> parts = blocks.get(i).getValue().getChildren();
            Block conv = parts.get(0).getValue();
            Block norm = parts.get(1).getValue();
            String prefix = "backbone." + i + ".";
            graph.initializer(prefix + "conv.weight", conv.getParameters().get("weight").getArray());
            graph.initializer(prefix + "conv.bias", conv.getParameters().get("bias").getArray());
            String convolved = graph.fresh("conv" + i);
            graph.node("Conv", List.of(x, prefix + "conv.weight", prefix + "conv.bias"), convolved,
                    ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1), ints("strides", 1, 1));
            for (String p : List.of("gamma", "beta", "runningMean", "runningVar")) {
                graph.initializer(prefix + "norm." + p, norm.getParameters().get(p).getArray());
            }
            String normalised = graph.fresh("norm" + i);
            graph.node("BatchNormalization", List.of(convolved, prefix + "norm.gamma", prefix + "norm.beta",
                    prefix + "norm.runningMean", prefix + "norm.runningVar"), normalised, f("epsilon", BATCH_NORM_EPSILON));
            x = graph.fresh("relu" + i);
            graph.node("Relu", List.of(normalised), x);
            if (layer.pooled()) {
                String pooled = graph.fresh("pool" + i);
                graph.node("MaxPool", List.of(x), pooled, ints("kernel_shape", 2, 2), ints("strides", 2, 2));
                x = pooled;
            }
        }
        String averaged = graph.fresh("average");
        graph.node("GlobalAveragePool", List.of(x), averaged);
        String features = graph.fresh("features");
        graph.node("Flatten", List.of(averaged), features, OnnxGraph.i("axis", 1));
        return features;
    }
}
