package dev.unfreeze.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.ExportFormat;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.TorchScriptTensors;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.engine.CheckpointStore;
import dev.unfreeze.training.engine.ImageClassifier;
import dev.unfreeze.training.engine.PreparedRun;
import dev.unfreeze.training.export.onnx.OnnxModels;
import dev.unfreeze.training.export.onnx.proto.OnnxProto;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX export, run by ONNX Runtime (a runtime Unfreeze does not contain), answers as {@code predict} does: the
 * same top-1 on every held-out sample image and probabilities within 1e-4.
 */
class OnnxExportTest {
    private static final int MOBILENET_SIZE = 64;

    @TempDir
    Path workspace;

    @Test
    void smallCnnFineTuneRunsInOnnxRuntimeAsInTheApp(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        train(TestData.smallCnnRecipe("full", 1).toBuilder().optBatchNorm(Recipe.BatchNorm.ADAPT).build(), run);
        Path exported = catalogExporter().export(run, dir.resolve("cnn-onnx"), ExportFormat.ONNX, false);

        assertThat(exported.resolve(ModelExporter.ONNX_FILE)).isRegularFile();
        assertThat(exported.resolve("backbone.safetensors")).doesNotExist();
        assertAgreesWithTheApp(run, exported.resolve(ModelExporter.ONNX_FILE), 1e-4);
    }

    /**
     * The repository's Java example, run as its README says ({@code java -cp onnxruntime.jar OnnxClassify.java ...}),
     * answers as the app does on every held-out sample image: greyscale at the small CNN's 28 px, and the same
     * greyscale pictures resized to 64 px in colour for MobileNetV2 (the example's own decoding and resize).
     */
    @Test
    void theJavaExampleAnswersAsTheApp(@TempDir Path dir) throws Exception {
        assertExampleAgrees(TestData.smallCnnRecipe("full", 1), dir.resolve("cnn"));
        assertExampleAgrees(mobileNet("feature-extraction"), dir.resolve("mobilenet"));
    }

    private void assertExampleAgrees(Recipe recipe, Path dir) throws Exception {
        Path run = dir.resolve("run");
        train(recipe, run);
        Path exported = catalogExporter().export(run, dir.resolve("example-onnx"), ExportFormat.ONNX, false);
        List<Path> images = heldOutImages();
        Path example = TestData.assets().resolveSibling("examples/java/OnnxClassify.java");
        Path runtime = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", runtime.toString(), example.toString(), exported.toString()));
        images.forEach(i -> command.add(i.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .lines().toList();
        assertThat(process.waitFor()).isZero();

        float[][] inApp = appProbabilities(run, images);
        List<String> classes = new RunFolder(run).info().classes();
        assertThat(lines).hasSize(images.size());
        for (int i = 0; i < images.size(); i++) {
            String[] fields = lines.get(i).split("\\t");
            assertThat(fields[1]).as(images.get(i).toString()).isEqualTo(classes.get(ImageClassifier.best(inApp[i])));
            String[] probabilities = fields[3].split(",");
            for (int c = 0; c < classes.size(); c++) {
                assertThat(Double.parseDouble(probabilities[c])).isCloseTo(inApp[i][c], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    /** A fine-tune that thaws the last group with its BatchNorm statistics: the file carries the run's statistics. */
    @Test
    void mobileNetFineTuneCarriesItsOwnBatchNormStatistics(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        train(mobileNet("partial:1").toBuilder().optBatchNorm(Recipe.BatchNorm.ADAPT)
                .optHead(new RecipeHead(RecipeHead.Type.MLP, 32, 0.2)).build(), run);
        Path exported = catalogExporter().export(run, dir.resolve("mobilenet-onnx"), ExportFormat.ONNX, true);

        Path file = exported.resolve(ModelExporter.ONNX_FILE);
        assertAgreesWithTheApp(run, file, 1e-4);
        String statistic = "features.18.1.running_mean";
        assertThat(initializer(file, statistic)).isNotEqualTo(pretrained(statistic));

        // the float16 copy: about half the size; a top-1 changes only where the two best classes were within 0.02
        Path half = exported.resolve(ModelExporter.ONNX_HALF_FILE);
        double ratio = (double) Files.size(half) / Files.size(file);
        System.out.printf("ONNX float16 copy: %d of %d bytes (%.2f)%n", Files.size(half), Files.size(file), ratio);
        assertThat(ratio).isBetween(0.45, 0.55);
        Agreement halfAgreement = agreement(run, half);
        assertThat(halfAgreement.maxDifference()).isLessThan(0.02);
        assertThat(halfAgreement.flipsOutsideTies(0.02)).isZero();
        String described = new ObjectMapper().readTree(exported.resolve("model-card.json").toFile())
                .get("files").get(ModelExporter.ONNX_HALF_FILE).asText();
        assertThat(described).containsPattern("the same top-1 class as model.onnx on \\d+ of \\d+ of the run's validation images");
    }

    @Test
    void mobileNetProbeRunsInOnnxRuntimeAsInTheApp(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        train(mobileNet("feature-extraction"), run);
        Path exported = catalogExporter().export(run, dir.resolve("probe-onnx"), ExportFormat.ONNX, false);

        assertAgreesWithTheApp(run, exported.resolve(ModelExporter.ONNX_FILE), 1e-4);
        OnnxProto.ModelProto model = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(exported.resolve(ModelExporter.ONNX_FILE)));
        Map<String, String> metadata = new java.util.HashMap<>();
        model.getMetadataPropsList().forEach(p -> metadata.put(p.getKey(), p.getValue()));
        assertThat(new ObjectMapper().readValue(metadata.get("classes"), List.class))
                .isEqualTo(new RunFolder(run).info().classes());
        assertThat(new ObjectMapper().readTree(metadata.get("preprocessing")).get("size").asInt()).isEqualTo(MOBILENET_SIZE);
        assertThat(model.getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(13);
        String card = Files.readString(exported.resolve("MODEL_CARD.md"));
        assertThat(card).contains("onnxruntime").contains("OrtSession").contains("onnxruntime-node")
                .contains("model.onnx").contains("bilinear with antialiasing");
    }

    /** A DJL folder keeps the backbone's twin, so a run based on that export can be exported as ONNX in turn. */
    @Test
    void aRunBasedOnAnExportedMobileNetExportsAsOnnxToo(@TempDir Path dir) throws Exception {
        train(mobileNet("feature-extraction"), dir.resolve("first"));
        Path firstModel = catalogExporter().export(dir.resolve("first"), dir.resolve("first-model"));
        assertThat(firstModel.resolve("backbone.onnx")).isRegularFile();

        train(mobileNet("feature-extraction").withModel(firstModel.toString()), dir.resolve("second"));
        Path exported = catalogExporter().export(dir.resolve("second"), dir.resolve("second-onnx"), ExportFormat.ONNX, false);
        assertAgreesWithTheApp(dir.resolve("second"), exported.resolve(ModelExporter.ONNX_FILE), 1e-4);
    }

    @Test
    void anImportedTorchScriptModelWithoutTwinSaysHowToGiveItOne(@TempDir Path dir) throws Exception {
        Path bare = dir.resolve("bare.pt");
        Files.copy(new ModelCatalog(new Workspace(workspace)).resolve("mobilenet_v2").weights(), bare);
        new ModelCatalog(new Workspace(workspace)).importFile(bare, "bare");
        train(mobileNet("feature-extraction").withModel("bare"), dir.resolve("run"));

        assertThatThrownBy(() -> catalogExporter().export(dir.resolve("run"), dir.resolve("out"), ExportFormat.ONNX, false))
                .isInstanceOf(UnfreezeException.class).hasMessageContaining("no ONNX twin")
                .hasMessageContaining("import MODEL.pt --onnx");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /**
     * {@code import --onnx}: a TorchScript file brought in with its twin exports as ONNX like a bundled model; its
     * mean and standard deviation go inside the graph, which still takes pixel / 255.
     */
    @Test
    void anImportedModelWithItsTwinExportsAsOnnx(@TempDir Path dir) throws Exception {
        ModelCatalog catalog = new ModelCatalog(new Workspace(workspace));
        Path bundled = catalog.resolve("mobilenet_v2").weights();
        Path model = Files.copy(bundled, dir.resolve("mine.pt"));
        Files.writeString(dir.resolve("mine.json"), "{\"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]}");
        Path twin = Files.copy(bundled.resolveSibling("mobilenet_v2_backbone.onnx"), dir.resolve("mine-twin.onnx"));
        OnnxModels.checkTwin(twin, model);
        assertThat(catalog.importFile(model, "mine", twin).metadata().normalized()).isTrue();
        // a twin named as the model, beside it, comes along without being named
        Files.copy(twin, dir.resolve("mine.onnx"));
        assertThat(catalog.importFile(model, "beside").metadata().onnx()).isEqualTo("mine.onnx");
        train(mobileNet("feature-extraction").withModel("mine"), dir.resolve("run"));

        Path exported = catalogExporter().export(dir.resolve("run"), dir.resolve("mine-onnx"), ExportFormat.ONNX, false);
        assertAgreesWithTheApp(dir.resolve("run"), exported.resolve(ModelExporter.ONNX_FILE), 1e-4);
    }

    /** A twin whose weights were renamed (as constant folding does to BatchNorm) would carry the old values: refused. */
    @Test
    void aTwinThatDoesNotNameTheModelsTensorsIsRefused(@TempDir Path dir) throws Exception {
        Path bundled = new ModelCatalog(new Workspace(workspace)).resolve("mobilenet_v2").weights();
        OnnxProto.ModelProto twin = OnnxProto.ModelProto.parseFrom(
                Files.readAllBytes(bundled.resolveSibling("mobilenet_v2_backbone.onnx")));
        OnnxProto.ModelProto.Builder folded = twin.toBuilder();
        OnnxProto.GraphProto.Builder graph = folded.getGraphBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            if (graph.getInitializer(i).getName().equals("features.0.0.1.weight")) {
                graph.setInitializer(i, graph.getInitializer(i).toBuilder().setName("onnx::Conv_17"));
            }
        }
        Path bad = dir.resolve("folded.onnx");
        Files.write(bad, folded.build().toByteArray());

        assertThatThrownBy(() -> OnnxModels.checkTwin(bad, bundled)).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("'features.0.0.1.weight'").hasMessageContaining("do_constant_folding=False");
    }

    private Recipe mobileNet(String schedule) {
        Recipe d = TestData.smallCnnRecipe(schedule, 1);
        return d.toBuilder().setModel("mobilenet_v2")
                .setData(new Recipe.Data(d.data().train(), null, 0.2, MOBILENET_SIZE, null))
                .optLearningRate(new Recipe.LearningRate(0.01, Recipe.LearningRate.Schedule.CONSTANT,
                        Recipe.LearningRate.Discriminative.NONE, null))
                .optOptimizer(new Recipe.Optimizer(Recipe.Optimizer.Type.SGD, 0.9, 1e-4)).optBatchSize(32).build();
    }

    private void train(Recipe recipe, Path run) throws Exception {
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, run));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
    }

    private ModelExporter catalogExporter() {
        return new ModelExporter(new ModelCatalog(new Workspace(workspace)));
    }

    private void assertAgreesWithTheApp(Path run, Path onnx, double tolerance) throws Exception {
        Agreement agreement = agreement(run, onnx);
        assertThat(agreement.sameTop()).isEqualTo(agreement.images());
        assertThat(agreement.maxDifference()).isLessThan(tolerance);
    }

    /**
     * @param margins for each image, the app's lead of its best class over the next, where ONNX Runtime's top-1 differs
     */
    private record Agreement(int sameTop, int images, double maxDifference, List<Double> margins) {
        long flipsOutsideTies(double tie) {
            return margins.stream().filter(m -> m >= tie).count();
        }
    }

    /** ONNX Runtime on the pixels the app feeds (resized as in training, / 255) against the app's own probabilities. */
    private Agreement agreement(Path run, Path onnx) throws Exception {
        List<Path> images = heldOutImages();
        RunInfo info = new RunFolder(run).info();
        float[][] inApp = appProbabilities(run, images);
        int channels = new ModelCatalog(new Workspace(workspace)).resolve(new RunFolder(run).recipe().model()).metadata().channels();
        Preprocessing pixels = new Preprocessing(info.imageSize(), channels, null, null);
        double maxDifference = 0;
        int sameTop = 0;
        List<Double> flips = new java.util.ArrayList<>();
        int length = pixels.length();
        float[] batch = new float[images.size() * length];
        for (int i = 0; i < images.size(); i++) {
            pixels.toInput(pixels.loadEightBit(images.get(i)), batch, i * length);
        }
        try (OrtEnvironment env = OrtEnvironment.getEnvironment();
             OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             // every image in one batch: the batch dimension is free
             OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch),
                     new long[] {images.size(), channels, info.imageSize(), info.imageSize()});
             OrtSession.Result result = session.run(Map.of("image", image))) {
            float[][] out = (float[][]) result.get("probabilities").orElseThrow().getValue();
            assertThat(out).hasNumberOfRows(images.size());
            for (int i = 0; i < images.size(); i++) {
                float[] p = out[i];
                for (int c = 0; c < p.length; c++) {
                    maxDifference = Math.max(maxDifference, Math.abs(p[c] - inApp[i][c]));
                }
                if (ImageClassifier.best(p) == ImageClassifier.best(inApp[i])) {
                    sameTop++;
                } else {
                    float[] sorted = inApp[i].clone();
                    java.util.Arrays.sort(sorted);
                    flips.add((double) sorted[sorted.length - 1] - sorted[sorted.length - 2]);
                }
            }
        }
        System.out.printf("%s in ONNX Runtime: top-1 as the app's on %d of %d images, max |probability difference| %.2e%n",
                onnx.getFileName(), sameTop, images.size(), maxDifference);
        return new Agreement(sameTop, images.size(), maxDifference, flips);
    }

    private static List<Path> heldOutImages() throws java.io.IOException {
        try (Stream<Path> files = Files.walk(TestData.fashionHeldOut())) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    private float[][] appProbabilities(Path run, List<Path> images) throws Exception {
        RunFolder folder = new RunFolder(run);
        RunInfo info = folder.info();
        Recipe recipe = folder.recipe();
        CheckpointStore.Loaded best = CheckpointStore.read(Files.isRegularFile(folder.bestCheckpoint())
                ? folder.bestCheckpoint() : folder.lastCheckpoint());
        ModelCatalog catalog = new ModelCatalog(new Workspace(workspace));
        try (AdaptedModel model = AdaptedModel.create(PreparedRun.withCheckpointBackbone(catalog.resolve(recipe.model()),
                best, run.resolve("check-backbone.pt")), info.classes(), recipe.head(), false, info.imageSize(), 1,
                Device.cpu())) {
            best.restoreInto(model.network());
            return new ImageClassifier(model).probabilities(images);
        }
    }


    private static float[] initializer(Path onnx, String name) throws Exception {
        OnnxProto.ModelProto model = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(onnx));
        OnnxProto.TensorProto t = model.getGraph().getInitializerList().stream().filter(i -> i.getName().equals(name))
                .findFirst().orElseThrow();
        FloatBuffer values = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[values.remaining()];
        values.get(out);
        return out;
    }

    private float[] pretrained(String name) {
        Path bundled = new ModelCatalog(new Workspace(workspace)).resolve("mobilenet_v2").weights();
        return TorchScriptTensors.read(bundled).get(name).values();
    }
}
