package dev.unfreeze.training.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import dev.unfreeze.training.catalog.ModelMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each layer group puts out for one image, for the layer map. A DJL block's shapes are computed
 * child by child; a TorchScript backbone's submodules cannot be run one by one through DJL, so its
 * shapes come from its metadata (recorded when the file was built) at the native input size, and
 * otherwise only the channels are known: the length of the group's last parameter, a BatchNorm
 * statistic or a bias, or the first dimension of its last weight.
 */
final class GroupShapes {
    private GroupShapes() {}

    /**
     * The output shape of each group (channels, height, width; or channels alone).
     *
     * @param backbone the backbone, initialised
     * @param groups its groups, input to output
     * @param meta its metadata
     * @param inputSize the square input size the model runs at
     */
    static List<List<Long>> of(Block backbone, List<GroupParameters> groups, ModelMetadata meta, int inputSize) {
        Map<String, List<Long>> known = backbone instanceof SequentialBlock sequence
                ? computed(sequence, new Shape(1, meta.channels(), inputSize, inputSize))
                : inputSize == meta.inputSize() ? meta.groupOutputs() : Map.of();
        List<List<Long>> shapes = new ArrayList<>();
        for (GroupParameters g : groups) {
            List<Long> shape = known.get(g.prefixes().get(g.prefixes().size() - 1)); // a merged group ends where its last part does
            shapes.add(shape != null ? shape : channels(g));
        }
        return shapes;
    }

    private static Map<String, List<Long>> computed(SequentialBlock sequence, Shape input) {
        Map<String, List<Long>> shapes = new HashMap<>();
        Shape[] current = {input};
        for (Pair<String, Block> child : sequence.getChildren()) {
            current = child.getValue().getOutputShapes(current);
            shapes.put(child.getKey(), Arrays.stream(current[0].slice(1).getShape()).boxed().toList());
        }
        return shapes;
    }

    private static List<Long> channels(GroupParameters g) {
        List<Parameter> parameters = g.parameters();
        if (parameters.isEmpty() || !parameters.get(parameters.size() - 1).isInitialized()) {
            return List.of();
        }
        Shape last = parameters.get(parameters.size() - 1).getArray().getShape();
        return last.dimension() == 0 ? List.of() : List.of(last.get(0));
    }
}
