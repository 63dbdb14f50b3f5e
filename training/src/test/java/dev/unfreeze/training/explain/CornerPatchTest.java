package dev.unfreeze.training.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.ExplanationMethod;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.export.ExportedModel;
import dev.unfreeze.training.export.ModelExporter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heat maps are not decoration: on a task where only a patch in the top-left corner tells the classes apart
 * (light or dark, on grey noise that is the same for both), both methods put the heat in that corner, on the small
 * CNN (trained here) and on MobileNetV2 (its pretrained features and a fitted probe).
 */
class CornerPatchTest {
    private static final int SIZE = 28;
    private static final int PATCH = 8;
    /** The patch's side as a share of the picture's. */
    private static final double PATCH_SHARE = (double) PATCH / SIZE;
    private static final List<String> CLASSES = List.of("light", "dark");

    @TempDir
    static Path dir;
    private static Path smallCnn;
    private static Path mobileNet;
    private static Path stageProbe;

    @BeforeAll
    static void trainBothModels() throws Exception {
        Path data = dir.resolve("corner");
        Random random = new Random(7);
        for (String label : CLASSES) {
            Files.createDirectories(data.resolve(label));
            for (int i = 0; i < 40; i++) {
                ImageIO.write(picture(random, label.equals("light")), "png", data.resolve(label).resolve(i + ".png").toFile());
            }
        }
        Recipe small = TestData.smallCnnRecipe("full", 6).toBuilder()
                .setData(new Recipe.Data(data.toString(), null, 0.2, 0, null))
                .optBatchNorm(Recipe.BatchNorm.ADAPT).build();
        smallCnn = trainAndExport(small, "small", 0.9);
        Recipe probe = TestData.smallCnnRecipe("feature-extraction", 1).toBuilder().setModel("mobilenet_v2")
                .setData(new Recipe.Data(data.toString(), null, 0.2, 224, null)).build();
        // Grad-CAM weighs the last group's map, which a head on that group alone reads
        mobileNet = trainAndExport(probe.withHead(probe.head().withFeatures(RecipeHead.Features.LAST_GROUP)),
                "mobilenet", 0.9);
        stageProbe = trainAndExport(probe, "stages", 0.9);
    }

    private static Path trainAndExport(Recipe recipe, String name, double accuracy) throws Exception {
        Path run = dir.resolve(name + "-run");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(dir.resolve("ws")).start(recipe, run));
        double best = events.stream().filter(TrainingEvent.EpochDone.class::isInstance)
                .mapToDouble(e -> ((TrainingEvent.EpochDone) e).valAccuracy()).max().orElseThrow();
        assertThat(best).as("%s learns the corner", name).isGreaterThanOrEqualTo(accuracy);
        return new ModelExporter(new ModelCatalog(new Workspace(dir.resolve("ws")))).export(run, dir.resolve(name + "-model"));
    }

    @Test
    void occlusionFindsTheCornerOnTheSmallCnn() throws Exception {
        for (HeatMap map : explainBoth(smallCnn, ExplanationMethod.OCCLUSION, "occlusion")) {
            assertThat(map.method()).isEqualTo(ExplanationMethod.OCCLUSION);
        }
    }

    @Test
    void gradCamFindsTheCornerOnTheSmallCnn() throws Exception {
        explainBoth(smallCnn, ExplanationMethod.GRAD_CAM, "grad-cam-small");
    }

    @Test
    void gradCamFindsTheCornerOnMobileNet() throws Exception {
        List<HeatMap> maps = explainBoth(mobileNet, ExplanationMethod.GRAD_CAM, "grad-cam-mobilenet");
        assertThat(maps.get(0).columns()).as("MobileNetV2's last group at 224 px").isEqualTo(7);
    }

    /**
     * A probe on every stage reads more than the last group's map, so its maps come from occlusion. They are not held
     * to finding the corner: its early stages' pooled statistics answer to the whole picture (docs/user-guide.md).
     */
    @Test
    void occlusionExplainsAProbeOnEveryStage() throws Exception {
        Random random = new Random(3);
        try (ExportedModel model = ExportedModel.load(stageProbe)) {
            for (String label : CLASSES) {
                Path image = dir.resolve("stages-" + label + ".png");
                ImageIO.write(picture(random, label.equals("light")), "png", image.toFile());
                HeatMap map = HeatMaps.explain(model, image, null, -1);
                assertThat(map.method()).isEqualTo(ExplanationMethod.OCCLUSION);
                assertThat(model.classes().get(map.classIndex())).isEqualTo(label);
                System.out.printf("occlusion on every stage, %s: the top-left quarter %.1f times as hot as the rest%n",
                        label, map.contrast(0, 0, 0.5, 0.5));
            }
        }
    }

    @Test
    void withoutAMethodNamedTheModelsOwnBestIsGradCam() throws Exception {
        Path image = dir.resolve("auto.png");
        ImageIO.write(picture(new Random(3), true), "png", image.toFile());
        try (ExportedModel model = ExportedModel.load(mobileNet)) {
            assertThat(HeatMaps.explain(model, image, null, -1).method()).isEqualTo(ExplanationMethod.GRAD_CAM);
        }
    }

    @Test
    void anotherClassCanBeAskedFor() throws Exception {
        Path image = dir.resolve("asked.png");
        ImageIO.write(picture(new Random(5), true), "png", image.toFile());
        try (ExportedModel model = ExportedModel.load(smallCnn)) {
            int dark = model.classes().indexOf("dark");
            HeatMap map = HeatMaps.explain(model, image, ExplanationMethod.GRAD_CAM, dark);
            assertThat(map.classIndex()).isEqualTo(dark);
            assertThat(map.probability()).as("a light picture is hardly dark").isLessThan(0.5f);
        }
    }

    /** Explains a fresh light and a fresh dark picture and checks that the heat lies in the corner. */
    private static List<HeatMap> explainBoth(Path exported, ExplanationMethod method, String name) throws Exception {
        Random random = new Random(11);
        try (ExportedModel model = ExportedModel.load(exported)) {
            List<HeatMap> maps = new java.util.ArrayList<>();
            for (String label : CLASSES) {
                Path image = dir.resolve(name + "-" + label + ".png");
                ImageIO.write(picture(random, label.equals("light")), "png", image.toFile());
                HeatMap map = HeatMaps.explain(model, image, method, -1);
                assertThat(model.classes().get(map.classIndex())).isEqualTo(label);
                assertThat(map.method()).isEqualTo(method);
                double contrast = map.contrast(0, 0, 0.5, 0.5);
                double[] hottest = map.hottest();
                System.out.printf("%s, %s: the top-left quarter %.1f times as hot as the rest; hottest at (%.2f, %.2f)%n",
                        name, label, contrast, hottest[0], hottest[1]);
                assertThat(hottest[0]).as("the hottest place lies in the patch (across)").isLessThan(PATCH_SHARE);
                assertThat(hottest[1]).as("the hottest place lies in the patch (down)").isLessThan(PATCH_SHARE);
                assertThat(contrast).as("the top-left quarter against the rest (1 if spread evenly)").isGreaterThan(3);
                assertThat(map.at(0.1, 0.1)).as("the corner itself").isGreaterThan(map.at(0.75, 0.75));

                BufferedImage picture = ImageIO.read(image.toFile());
                HeatMapImages.write(picture, map, dir, name + "-" + label);
                BufferedImage heat = ImageIO.read(dir.resolve(name + "-" + label + "-heat.png").toFile());
                assertThat(heat.getWidth()).as("the image's own size").isEqualTo(SIZE);
                assertThat(heat.getRaster().getNumBands()).as("grey").isEqualTo(1);
                assertThat(heat.getRaster().getSample(2, 2, 0)).as("brighter where it matters")
                        .isGreaterThan(heat.getRaster().getSample(SIZE - 3, SIZE - 3, 0));
                assertThat(dir.resolve(name + "-" + label + "-overlay.png")).isRegularFile();
                maps.add(map);
            }
            return maps;
        }
    }

    /** Grey noise, the same for both classes, with a light or dark square in the top-left corner. */
    private static BufferedImage picture(Random random, boolean light) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int value = x < PATCH && y < PATCH ? (light ? 230 : 25) : 96 + random.nextInt(64);
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        return image;
    }
}
