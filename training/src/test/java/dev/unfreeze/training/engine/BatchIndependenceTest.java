package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image's features do not depend on the other images in its batch. libtorch's convolutions broke
 * this with AVX-512 kernels on some processors (EngineEnvironment caps them; the test runner sets the
 * same cap): every training step, evaluation and prediction scores images in batches.
 */
class BatchIndependenceTest {
    @Test
    void aBatchsFeaturesAreEachImagesOwn(@TempDir Path workspace) {
        int size = 96;
        try (AdaptedModel model = AdaptedModel.create(new ModelCatalog(new Workspace(workspace)).resolve("mobilenet_v2"),
                List.of("a", "b"), new RecipeHead(RecipeHead.Type.LINEAR, 32, 0), false, size, 1, Device.cpu());
                NDManager scope = model.model().getNDManager().newSubManager()) {
            NDArray images = scope.arange(0f, 8f * 3 * size * size, 1f).reshape(8, 3, size, size).mod(255f).div(255f);
            NDArray batch = features(model, scope, images);
            assertThat(batch.getShape()).isEqualTo(new Shape(8, 1280));
            for (int i = 0; i < 8; i++) {
                NDArray alone = features(model, scope, images.get(i).expandDims(0)).get(0);
                assertThat(batch.get(i).sub(alone).abs().max().getFloat()).as("image %d", i).isLessThan(1e-4f);
            }
        }
    }

    private static NDArray features(AdaptedModel model, NDManager scope, NDArray images) {
        return model.network().features(new ParameterStore(scope, false), new NDList(images), false).head();
    }
}
