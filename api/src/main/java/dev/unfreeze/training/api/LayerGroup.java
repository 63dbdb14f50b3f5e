package dev.unfreeze.training.api;

import java.util.List;

/**
 * A unit of freezing: consecutive layers that thaw together, ordered from input to output.
 *
 * @param index position from the input (0) to the head (last)
 * @param name a short name, such as {@code features.3} or {@code head}
 * @param prefixes the parameter-name prefixes that belong to this group
 * @param parameters the number of trainable parameters in the group
 * @param head whether this is the new classification head (which always trains)
 * @param outputShape what the group puts out for one image at the model's input size: channels, height,
 *     width (or the class count for the head); just the channels when only they are known; empty when unknown
 * @param scalesAndBiases how many of a backbone group's parameters are scales, shifts and biases (what a BitFit plan
 *     trains); 0 for the head, which always trains whole
 */
public record LayerGroup(int index, String name, List<String> prefixes, long parameters, boolean head, List<Long> outputShape,
        long scalesAndBiases) {
    public LayerGroup {
        prefixes = List.copyOf(prefixes);
        outputShape = outputShape == null ? List.of() : List.copyOf(outputShape);
    }

    /** A group whose scales and biases were not counted. */
    public LayerGroup(int index, String name, List<String> prefixes, long parameters, boolean head, List<Long> outputShape) {
        this(index, name, prefixes, parameters, head, outputShape, 0);
    }

    /** A group whose output shape is not known. */
    public LayerGroup(int index, String name, List<String> prefixes, long parameters, boolean head) {
        this(index, name, prefixes, parameters, head, List.of(), 0);
    }

    /** The output shape in words: {@code 320 x 7 x 7}, {@code 320 channels}, or empty when unknown. */
    public String outputDescription() {
        if (outputShape.isEmpty()) {
            return "";
        }
        if (outputShape.size() == 1) {
            return outputShape.get(0) + (head ? " classes" : " channels");
        }
        return String.join(" x ", outputShape.stream().map(String::valueOf).toList());
    }
}
