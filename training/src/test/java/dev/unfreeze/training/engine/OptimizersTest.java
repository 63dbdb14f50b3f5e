package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import dev.unfreeze.training.api.Recipe;
import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DJL keeps optimiser state outside every manager; a finished run must free it. */
class OptimizersTest {

    @Test
    void releaseClosesMomentumAndAdamMoments() throws Exception {
        for (Recipe.Optimizer.Type type : Recipe.Optimizer.Type.values()) {
            LearningRates rates = new LearningRates(new Recipe.LearningRate(0.1, Recipe.LearningRate.Schedule.CONSTANT, Recipe.LearningRate.Discriminative.NONE, null), 10);
            Optimizer optimizer = Optimizers.create(new Recipe.Optimizer(type, 0.9, 1e-4), rates);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray weight = manager.ones(new ai.djl.ndarray.types.Shape(4, 4));
                NDArray gradient = manager.ones(new ai.djl.ndarray.types.Shape(4, 4));
                optimizer.update("w", weight, gradient);
                assertThat(stateSize(optimizer)).as(type + " keeps state").isPositive();
                Optimizers.release(optimizer);
                assertThat(stateSize(optimizer)).as(type + " state freed").isZero();
            }
        }
    }

    private static int stateSize(Optimizer optimizer) throws IllegalAccessException {
        int size = 0;
        for (Class<?> c = optimizer.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Map.class.isAssignableFrom(f.getType()) && f.getName().matches("(?i).*(momentum|mean|variance|state).*")) {
                    f.setAccessible(true);
                    size += ((Map<?, ?>) f.get(optimizer)).size();
                }
            }
        }
        return size;
    }
}
