package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped and resumed ends with the very weights of a run that was never stopped: the optimiser's state
 * (momentum, Adam's moments and step counts) travels in the checkpoint, and each epoch's image order, augmentation
 * and dropout are drawn from the seed and the epoch alone.
 */
class ExactResumeTest {

    @Test
    void aStoppedAndResumedRunEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path workspace, @TempDir Path whole,
            @TempDir Path interrupted) throws Exception {
        InProcessTrainingService service = TestData.service(workspace);
        for (Recipe.Optimizer.Type type : new Recipe.Optimizer.Type[] {Recipe.Optimizer.Type.SGD,
                Recipe.Optimizer.Type.ADAM}) {
            Recipe recipe = recipe(type);
            Path uninterrupted = whole.resolve(type.name());
            Path resumed = interrupted.resolve(type.name());
            TestData.runToEnd(service.start(recipe, uninterrupted));

            RunHandle first = service.start(recipe, resumed);
            AtomicBoolean asked = new AtomicBoolean();
            TestData.runToEnd(first, e -> {
                if (e instanceof TrainingEvent.CheckpointSaved saved && saved.epoch() == 1 && !saved.best()
                        && !asked.getAndSet(true)) {
                    first.cancel();
                }
            });
            assertThat(first.completion().get(1, TimeUnit.MINUTES)).isInstanceOf(TrainingEvent.Cancelled.class);
            TestData.runToEnd(service.resume(resumed));

            Map<String, byte[]> expected = Weights.ofCheckpoint(new RunFolder(uninterrupted).lastCheckpoint());
            Map<String, byte[]> actual = Weights.ofCheckpoint(new RunFolder(resumed).lastCheckpoint());
            assertThat(actual.keySet()).as(type.name()).isEqualTo(expected.keySet());
            assertThat(expected.keySet().stream().filter(name -> !Arrays.equals(actual.get(name), expected.get(name))))
                    .as("%s: the arrays that differ", type).isEmpty();
        }
    }

    /** The whole network with momentum, mirror images and a dropout head: every source of state and of chance. */
    private static Recipe recipe(Recipe.Optimizer.Type type) {
        Recipe base = TestData.smallCnnRecipe("full", 4);
        return base.toBuilder()
                .optOptimizer(new Recipe.Optimizer(type, 0.9, 1e-4))
                .optAugmentation(Recipe.Augmentation.STANDARD)
                .optHead(base.head().withType(RecipeHead.Type.MLP).withHidden(32).withDropout(0.3))
                .optBatchNorm(Recipe.BatchNorm.AUTO)
                .build();
    }
}
