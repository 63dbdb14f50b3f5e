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

    @Test
    void aRunThatFailsMidwayStillReleasesTheOptimisersState(@org.junit.jupiter.api.io.TempDir java.nio.file.Path workspace,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path run) throws Exception {
        // the first checkpoint cannot be written: the run fails after an epoch of steps built up momentum
        CheckpointStore failing = new CheckpointStore(file -> {
            throw new java.io.IOException("the device is gone");
        });
        Recipe recipe = dev.unfreeze.training.TestData.smallCnnRecipe("full", 2).toBuilder()
                .optOptimizer(new Recipe.Optimizer(Recipe.Optimizer.Type.SGD, 0.9, 1e-4)).build();
        dev.unfreeze.training.runs.RunFolder folder = new dev.unfreeze.training.runs.RunFolder(run);
        folder.create(recipe);
        try (PreparedRun prepared = PreparedRun.fresh(recipe, folder, new dev.unfreeze.training.catalog.ModelCatalog(
                new dev.unfreeze.training.api.Workspace(workspace)))) {
            java.util.concurrent.atomic.AtomicReference<ai.djl.training.optimizer.Optimizer> made =
                    new java.util.concurrent.atomic.AtomicReference<>();
            TrainingRun training = new TrainingRun(prepared.recipe(), prepared, folder, e -> { }, new RunControl(), failing,
                    (choice, rates) -> {
                        made.set(Optimizers.create(choice, rates));
                        return made.get();
                    }, KnownFeatures.NONE);
            org.assertj.core.api.Assertions.assertThatThrownBy(training::run).hasMessageContaining("the device is gone");
            assertThat(stateSize(made.get())).as("momentum buffers freed on the failure path").isZero();
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
