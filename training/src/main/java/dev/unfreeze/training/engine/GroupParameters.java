package dev.unfreeze.training.engine;

import ai.djl.nn.Parameter;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.catalog.BackboneLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer group with the DJL parameters that belong to it.
 *
 * @param name the group's display name
 * @param prefixes the parameter-name prefixes it covers
 * @param parameters every parameter, BatchNorm statistics included
 */
public record GroupParameters(String name, List<String> prefixes, List<Parameter> parameters) {
    public GroupParameters {
        prefixes = List.copyOf(prefixes);
        parameters = List.copyOf(parameters);
    }

    /** The number of trainable values. */
    public long trainableCount() {
        return parameters.stream().filter(BackboneLoader::isTrainable).mapToLong(p -> p.getArray().getShape().size()).sum();
    }

    /** The number of trainable values in one-dimensional parameters: scales, shifts and biases. */
    public long scalesAndBiasesCount() {
        return parameters.stream().filter(BackboneLoader::isTrainable).filter(p -> p.getArray().getShape().dimension() == 1)
                .mapToLong(p -> p.getArray().getShape().size()).sum();
    }

    /** Lets the trainable parameters learn, or freezes them; statistics never get gradients. */
    public void setTrainable(boolean trainable) {
        setTrainable(trainable, UnfreezeSchedule.Tuned.EVERY_WEIGHT);
    }

    /**
     * Lets the parameters that {@code tuned} names learn and freezes the rest; statistics never get gradients.
     * Scales, shifts and biases are the one-dimensional parameters; kernels and matrices have more dimensions.
     */
    public void setTrainable(boolean trainable, UnfreezeSchedule.Tuned tuned) {
        for (Parameter p : parameters) {
            if (BackboneLoader.isTrainable(p)) {
                boolean named = tuned == UnfreezeSchedule.Tuned.EVERY_WEIGHT || p.getArray().getShape().dimension() == 1;
                p.freeze(!(trainable && named));
            }
        }
    }

    /** Joins this group with the next one. */
    public GroupParameters mergedWith(GroupParameters next) {
        List<String> joinedPrefixes = new ArrayList<>(prefixes);
        joinedPrefixes.addAll(next.prefixes);
        List<Parameter> joined = new ArrayList<>(parameters);
        joined.addAll(next.parameters);
        return new GroupParameters(name + "+" + next.name, joinedPrefixes, joined);
    }
}
