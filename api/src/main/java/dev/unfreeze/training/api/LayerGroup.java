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
 */
public record LayerGroup(int index, String name, List<String> prefixes, long parameters, boolean head) {
    public LayerGroup {
        prefixes = List.copyOf(prefixes);
    }
}
