package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.InvalidRecipeException;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.export.ExportedModel;
import dev.unfreeze.training.export.ModelExporter;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A head on the frozen bundled backbone reads every stage; fine-tunes, other models and older recipes the last group.
 */
class StageFeaturesTest {
    @TempDir
    Path workspace;

    @Test
    void theStagesEndWithTheLastGroupsFeaturesToTheBit() {
        ResolvedModel base = new ModelCatalog(new Workspace(workspace)).resolve("mobilenet_v2");
        RecipeHead head = RecipeCodec.defaults().head();
        try (AdaptedModel last = AdaptedModel.create(base, List.of("a", "b"),
                head.withFeatures(RecipeHead.Features.LAST_GROUP), false, 64, 1, Device.cpu());
             AdaptedModel stages = AdaptedModel.create(base, List.of("a", "b"),
                     head.withFeatures(RecipeHead.Features.STAGES), false, 64, 1, Device.cpu());
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray images = manager.randomUniform(-1, 1, new Shape(3, 3, 64, 64));
            float[] fromLast = last.network().features(new ParameterStore(manager, false), new NDList(images), false)
                    .head().toFloatArray();
            float[] fromStages = stages.network().features(new ParameterStore(manager, false), new NDList(images),
                    false).head().toFloatArray();

            assertThat(last.network().featureDimension()).isEqualTo(1280);
            assertThat(stages.network().featureDimension()).isEqualTo(base.metadata().stageFeatures().dimension())
                    .isEqualTo(24 + 32 + 64 + 96 + 160 + 1280);
            assertThat(fromStages).hasSize(3 * 1656);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 1280; j++) {
                    assertThat(fromStages[i * 1656 + 376 + j]).isEqualTo(fromLast[i * 1280 + j]);
                }
            }
            assertThat(stages.network().hasFeatureMap()).isFalse(); // Grad-CAM weighs the last group only
        }
    }

    @Test
    void aProbeOnTheBundledBackboneRecordsThatItReadsEveryStage(@TempDir Path dir) throws Exception {
        Recipe d = TestData.smallCnnRecipe("feature-extraction", 1);
        Recipe recipe = d.toBuilder().setModel("mobilenet_v2")
                .setData(new Recipe.Data(d.data().train(), null, 0.2, 64, null)).build();
        assertThat(recipe.head().features()).isNull();
        Path run = dir.resolve("run");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, run));

        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        RunFolder folder = new RunFolder(run);
        assertThat(folder.recipe().head().features()).isEqualTo(RecipeHead.Features.STAGES);
        assertThat(folder.info().featureDimension()).isEqualTo(1656);
    }

    /** The automatic plan's first model is a probe on every stage, and its run folder exports it as such. */
    @Test
    void theFirstModelOfAnAutomaticPlanExportsAsTheProbeOnEveryStage(@TempDir Path dir) throws Exception {
        Recipe d = RecipeCodec.defaults();
        Recipe auto = d.withModel("mobilenet_v2")
                .withData(new Recipe.Data(TestData.sampleWithTestPart(dir).toString(), null, 0.2, 64, null))
                .withPlan(Schedule.parse("auto:1"), null, d.learningRate(), 2, d.batchNorm(), d.augmentation());
        Path run = dir.resolve("auto");
        RunHandle handle = TestData.service(workspace).start(auto, run);
        TestData.runToEnd(handle, e -> {
            if (e instanceof TrainingEvent.ModelReady) {
                handle.cancel();
            }
        });

        assertThat(new RunFolder(run).recipe().head().features()).isEqualTo(RecipeHead.Features.STAGES);
        Path exported = new ModelExporter(new ModelCatalog(new Workspace(workspace))).export(run, dir.resolve("model"));
        assertThat(Files.readString(exported.resolve("serving.properties")))
                .contains("featureDimension=1656").contains("featureMethod=stage_features");
        try (ExportedModel model = ExportedModel.load(exported)) {
            List<float[]> probabilities = model.probabilities(List.of(firstImage(TestData.fashionHeldOut())));
            assertThat(probabilities.get(0)).hasSize(new RunFolder(run).info().classes().size());
        }
    }

    private static Path firstImage(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void fineTunesOtherModelsAndOlderRecipesReadTheLastGroup() {
        ModelCatalog catalog = new ModelCatalog(new Workspace(workspace));
        Recipe probe = RecipeCodec.defaults().withPlan(new Schedule.FeatureExtraction(), null,
                RecipeCodec.defaults().learningRate(), 1, Recipe.BatchNorm.FROZEN_STATS, Recipe.Augmentation.NONE);

        assertThat(HeadFeatures.resolve(probe, catalog.resolve("mobilenet_v2").metadata()).head().features())
                .isEqualTo(RecipeHead.Features.STAGES);
        assertThat(HeadFeatures.resolve(probe.withModel("fashion_cnn"), catalog.resolve("fashion_cnn").metadata())
                .head().features()).isEqualTo(RecipeHead.Features.LAST_GROUP);
        Recipe full = probe.withPlan(new Schedule.Full(), null, probe.learningRate(), 0, Recipe.BatchNorm.AUTO, null);
        assertThat(HeadFeatures.resolve(full, catalog.resolve("mobilenet_v2").metadata()).head().features())
                .isEqualTo(RecipeHead.Features.LAST_GROUP);
        assertThat(CandidatePlans.fineTuneBase(probe.withHead(probe.head()
                .withFeatures(RecipeHead.Features.STAGES)), 19).head().features())
                .isEqualTo(RecipeHead.Features.LAST_GROUP);

        // a recipe written before the field existed trained its head on the last group
        Recipe older = RecipeCodec.parse("{\"data\": {\"train\": \"shoes\"}, \"schedule\": \"feature-extraction\","
                + " \"head\": {\"type\": \"linear\", \"hidden\": 256, \"dropout\": 0.2, \"start\": \"new\"}}");
        assertThat(older.head().features()).isNull();
        assertThat(older.head().reads()).isEqualTo(RecipeHead.Features.LAST_GROUP);
        assertThatThrownBy(() -> RecipeCodec.parse("{\"data\": {\"train\": \"shoes\"}, \"schedule\": \"full\","
                + " \"head\": {\"features\": \"stages\"}}"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("head.features");
    }
}
