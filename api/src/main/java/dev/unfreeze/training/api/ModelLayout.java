package dev.unfreeze.training.api;

import java.util.List;

/**
 * A model as the freeze map sees it: its layer groups, input to output, the head last.
 *
 * @param model the model
 * @param featureDimension the size of the backbone's feature vector
 * @param groups the layer groups, head included
 */
public record ModelLayout(ModelInfo model, int featureDimension, List<LayerGroup> groups) {
    public ModelLayout {
        groups = List.copyOf(groups);
    }

    /** The groups that belong to the pretrained backbone, without the head. */
    public List<LayerGroup> backboneGroups() {
        return groups.stream().filter(g -> !g.head()).toList();
    }
}
