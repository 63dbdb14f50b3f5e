package dev.unfreeze.training.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heat map is not decoration: on a task where only a patch in the top-left corner tells the classes apart
 * (light or dark, on grey noise that is the same for both), hiding that corner is what changes the answer.
 */
class OcclusionTest {
    private static final int SIZE = 28;
    private static final int PATCH = 8;

    @Test
    void theHeatConcentratesOnTheCornerThatDecidesTheClass(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("corner");
        Random random = new Random(7);
        for (String label : List.of("light", "dark")) {
            Files.createDirectories(data.resolve(label));
            for (int i = 0; i < 40; i++) {
                ImageIO.write(picture(random, label.equals("light")), "png", data.resolve(label).resolve(i + ".png").toFile());
            }
        }
        Recipe recipe = TestData.smallCnnRecipe("full", 6).toBuilder()
                .setData(new Recipe.Data(data.toString(), null, 0.2, 0, null))
                .optBatchNorm(Recipe.BatchNorm.ADAPT).build();
        Path run = dir.resolve("run");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(dir.resolve("ws")).start(recipe, run));
        TrainingEvent.EpochDone last = events.stream().filter(TrainingEvent.EpochDone.class::isInstance)
                .map(TrainingEvent.EpochDone.class::cast).reduce((a, b) -> b).orElseThrow();
        assertThat(last.valAccuracy()).as("the corner is learnt").isGreaterThanOrEqualTo(0.9);
        Path exported = new ModelExporter(new ModelCatalog(new Workspace(dir.resolve("ws")))).export(run, dir.resolve("model"));

        try (ExportedModel model = ExportedModel.load(exported)) {
            for (String label : List.of("light", "dark")) {
                Path image = dir.resolve(label + "-test.png");
                ImageIO.write(picture(random, label.equals("light")), "png", image.toFile());
                HeatMap map = Occlusion.explain(model, image, -1);
                assertThat(model.classes().get(map.classIndex())).isEqualTo(label);
                double corner = map.shareIn(0, 0, 0.5, 0.5);
                System.out.printf("occlusion, %s: %.2f of the heat in the top-left quarter, largest drop %.2f%n",
                        label, corner, map.largestDrop());
                assertThat(corner).as("share of the heat in the top-left quarter (a quarter if spread evenly)")
                        .isGreaterThan(0.6);
                assertThat(map.at(0.1, 0.1)).as("the corner itself").isGreaterThan(map.at(0.75, 0.75));
                assertThat(map.largestDrop()).as("hiding the corner changes the answer").isGreaterThan(0.2f);

                BufferedImage picture = ImageIO.read(image.toFile());
                HeatMapImages.write(picture, map, dir, label);
                BufferedImage heat = ImageIO.read(dir.resolve(label + "-heat.png").toFile());
                assertThat(heat.getWidth()).isEqualTo(SIZE);
                assertThat(heat.getRaster().getNumBands()).as("grey").isEqualTo(1);
                assertThat(heat.getRaster().getSample(2, 2, 0)).as("brighter where it matters")
                        .isGreaterThan(heat.getRaster().getSample(SIZE - 3, SIZE - 3, 0));
                assertThat(dir.resolve(label + "-overlay.png")).isRegularFile();
            }
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
