package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import dev.unfreeze.training.api.Recipe;
import java.lang.reflect.Field;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the recipe's optimiser, and frees its state when a run ends. */
public final class Optimizers {
    private static final Logger LOG = LoggerFactory.getLogger(Optimizers.class);

    private Optimizers() {}

    /** SGD with momentum, Adam or AdamW, reading its rates from the tracker. */
    public static Optimizer create(Recipe.Optimizer spec, ParameterTracker rates) {
        float decay = (float) spec.weightDecay();
        switch (spec.type()) {
            case ADAM:
                return Optimizer.adam().optLearningRateTracker(rates).optWeightDecays(decay).build();
            case ADAMW:
                return Optimizer.adamW().optLearningRateTracker(rates).optWeightDecays(decay).build();
            default:
                return Optimizer.sgd().setLearningRateTracker(rates).optMomentum((float) spec.momentum())
                        .optWeightDecays(decay).build();
        }
    }

    /**
     * Closes the optimiser's state arrays (momentum, Adam moments). DJL keeps them detached from
     * every manager, so without this each run leaks tens of megabytes of native memory.
     */
    public static void release(Optimizer optimizer) {
        for (Field field : OptimizerState.stateFields(optimizer)) {
            if (!Map.class.isAssignableFrom(field.getType())) {
                continue;
            }
            try {
                field.setAccessible(true);
                Object value = field.get(optimizer);
                if (value instanceof Map<?, ?> map) {
                    closeAll(map);
                    map.clear();
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("could not free optimiser state {}", field, e);
            }
        }
    }

    private static void closeAll(Map<?, ?> map) {
        for (Object v : map.values()) {
            if (v instanceof NDArray array) {
                array.close();
            } else if (v instanceof Map<?, ?> inner) {
                closeAll(inner);
            }
        }
    }
}
