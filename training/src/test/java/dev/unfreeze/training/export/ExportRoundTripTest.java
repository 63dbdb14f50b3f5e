package dev.unfreeze.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.engine.CheckpointStore;
import dev.unfreeze.training.engine.ImageClassifier;
import dev.unfreeze.training.engine.PreparedRun;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exported folder, loaded by plain DJL, predicts what Unfreeze predicts. */
class ExportRoundTripTest {
    @TempDir
    Path workspace;

    @Test
    void smallCnnExportPredictsLikeTheApp(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        train(TestData.smallCnnRecipe("gradual", 3), run);
        Path exported = new ModelExporter(catalog()).export(run, dir.resolve("shoes"));

        assertThat(exported.resolve("backbone.safetensors")).isRegularFile();
        assertSamePredictions(run, exported);
        assertCard(exported, List.of("fashion_cnn"));
    }

    @Test
    void mobileNetExportIsTorchScriptAndPredictsLikeTheApp(@TempDir Path dir) throws Exception {
        Recipe d = TestData.smallCnnRecipe("partial:1", 1);
        Recipe recipe = d.toBuilder().setModel("mobilenet_v2").setData(new Recipe.Data(d.data().train(), null, 0.2, 64, null))
                .optHead(new RecipeHead(RecipeHead.Type.MLP, 32, 0.2))
                .optLearningRate(new Recipe.LearningRate(0.01, Recipe.LearningRate.Schedule.CONSTANT,
                        Recipe.LearningRate.Discriminative.NONE, null))
                .optOptimizer(new Recipe.Optimizer(Recipe.Optimizer.Type.SGD, 0.9, 1e-4)).optBatchSize(32).build();
        Path run = dir.resolve("run");
        train(recipe, run);
        Path exported = new ModelExporter(catalog()).export(run, dir.resolve("shoes-mobilenet"));

        assertThat(exported.resolve("backbone.pt")).isRegularFile();
        assertSamePredictions(run, exported);
        assertCard(exported, List.of("keras-imagenet-mobilenet_v2", "nsfwjs-4.4.0", "mobilenet_v2"));
    }

    /**
     * What a DJL user writes, and nothing more: {@code Criteria} with the folder's path (its {@code serving.properties}
     * names the translator) and DJL's own image decoding, on 28-pixel images the model resizes to 224.
     */
    @Test
    void plainDjlOnTheFolderPredictsLikeTheAppOnImagesThatNeedResizing(@TempDir Path dir) throws Exception {
        Recipe d = TestData.smallCnnRecipe("feature-extraction", 1);
        Path run = dir.resolve("run");
        train(d.toBuilder().setModel("mobilenet_v2").setData(new Recipe.Data(d.data().train(), null, 0.2, 224, null))
                .build(), run);
        Path exported = new ModelExporter(catalog()).export(run, dir.resolve("probe"));
        List<Path> images;
        try (Stream<Path> files = Files.walk(TestData.fashionHeldOut())) {
            images = files.filter(p -> p.toString().endsWith(".png")).sorted().limit(20).toList();
        }
        float[][] inApp = appProbabilities(run, images);
        List<String> classes = new RunFolder(run).info().classes();
        ai.djl.repository.zoo.Criteria<ai.djl.modality.cv.Image, ai.djl.modality.Classifications> criteria =
                ai.djl.repository.zoo.Criteria.builder()
                        .setTypes(ai.djl.modality.cv.Image.class, ai.djl.modality.Classifications.class)
                        .optModelPath(exported).build();
        double maxDifference = 0;
        try (var model = criteria.loadModel(); var predictor = model.newPredictor()) {
            for (int i = 0; i < images.size(); i++) {
                ai.djl.modality.Classifications c = predictor.predict(
                        ai.djl.modality.cv.ImageFactory.getInstance().fromFile(images.get(i)));
                for (ai.djl.modality.Classifications.Classification k : c.items()) {
                    maxDifference = Math.max(maxDifference, Math.abs(k.getProbability()
                            - inApp[i][classes.indexOf(k.getClassName())]));
                }
            }
        }
        assertThat(maxDifference).isLessThan(1e-4);
    }

    @Test
    void anExportIsTheBaseOfTheNextRunAndItsLineageGrows(@TempDir Path dir) throws Exception {
        train(TestData.smallCnnRecipe("feature-extraction", 1), dir.resolve("first"));
        Path firstModel = new ModelExporter(catalog()).export(dir.resolve("first"), dir.resolve("first-model"));

        train(TestData.smallCnnRecipe("full", 1).withModel(firstModel.toString()), dir.resolve("second"));
        Path second = new ModelExporter(catalog()).export(dir.resolve("second"), dir.resolve("second-model"));

        assertThat(new RunFolder(dir.resolve("second")).info().lineage()).containsExactly("fashion_cnn");
        assertCard(second, List.of("fashion_cnn", "first-model"));
    }

    private void train(Recipe recipe, Path run) throws Exception {
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, run));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
    }

    private ModelCatalog catalog() {
        return new ModelCatalog(new Workspace(workspace));
    }

    /** Probabilities from plain DJL equal the app's own from the best checkpoint, within 1e-5. */
    private void assertSamePredictions(Path run, Path exported) throws Exception {
        List<Path> images;
        try (Stream<Path> files = Files.walk(TestData.fashionHeldOut())) {
            images = files.filter(p -> p.toString().endsWith(".png")).sorted().limit(12).toList();
        }
        RunInfo info = new RunFolder(run).info();
        float[][] inApp = appProbabilities(run, images);
        double maxDifference = 0;
        try (ExportedModel model = ExportedModel.load(exported)) {
            assertThat(model.classes()).isEqualTo(info.classes());
            List<float[]> fromExport = model.probabilities(images);
            for (int i = 0; i < images.size(); i++) {
                for (int c = 0; c < info.classes().size(); c++) {
                    maxDifference = Math.max(maxDifference, Math.abs(fromExport.get(i)[c] - inApp[i][c]));
                }
            }
            // decoded on all cores and scored in batches: the same numbers as one image at a time
            List<ExportedModel.Outcome> batched = model.classifyAll(images);
            for (int i = 0; i < images.size(); i++) {
                ai.djl.modality.Classifications c = batched.get(i).result();
                for (int k = 0; k < c.getClassNames().size(); k++) {
                    int index = info.classes().indexOf(c.getClassNames().get(k));
                    maxDifference = Math.max(maxDifference, Math.abs(c.getProbabilities().get(k) - fromExport.get(i)[index]));
                }
            }
        }
        System.out.println("export round trip: max |probability difference| = " + maxDifference);
        assertThat(maxDifference).isLessThan(1e-5);
    }

    /** What the app itself predicts from the run's best checkpoint. */
    private float[][] appProbabilities(Path run, List<Path> images) throws Exception {
        RunFolder folder = new RunFolder(run);
        RunInfo info = folder.info();
        Recipe recipe = folder.recipe();
        CheckpointStore.Loaded best = CheckpointStore.read(folder.bestCheckpoint());
        try (AdaptedModel model = AdaptedModel.create(PreparedRun.withCheckpointBackbone(catalog().resolve(recipe.model()),
                best, run.resolve("check-backbone.pt")), info.classes(), recipe.head(), false, info.imageSize(), 1,
                Device.cpu())) {
            best.restoreInto(model.network());
            return new ImageClassifier(model).probabilities(images);
        }
    }

    private static void assertCard(Path exported, List<String> lineage) throws Exception {
        JsonNode card = new ObjectMapper().readTree(exported.resolve("model-card.json").toFile());
        assertThat(card.get("lineage")).extracting(JsonNode::asText).containsExactlyElementsOf(lineage);
        assertThat(card.get("datasetFingerprint").asText()).startsWith("sha256:");
        assertThat(card.get("classes")).hasSize(5);
        assertThat(card.get("recipe").get("schedule").asText()).isNotBlank();
        assertThat(card.get("usage").get("Java").asText()).contains("optModelPath");
        assertThat(Files.readString(exported.resolve("MODEL_CARD.md"))).contains("Lineage").contains("| class |");
        assertThat(exported.resolve(ModelExporter.RUNTIME_JAR)).isRegularFile();
    }
}
