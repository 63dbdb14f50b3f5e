package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.InputSize;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.PlanJson;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small images train a network at 160 px instead of the model's 224; a frozen backbone and a size the user gave keep theirs. */
class InputSizeTest {
    private static final DatasetReport.ImageStatistics GLYPHS = images(28, 28);
    private static final DatasetReport.ImageStatistics PHOTOS = images(640, 480);
    private final Recipe defaults = RecipeCodec.defaults().withData(new Recipe.Data("/data", null, 0.2, 0, null));

    @Test
    void aNetworkThatTrainsOnSmallImagesTrainsAt160AndOnLargerOnesAtTheModelsOwnSize() {
        for (String schedule : List.of("full", "partial:5", "gradual", "two-stage:3", "bitfit")) {
            Recipe r = plan(schedule);
            assertThat(InputSize.of(r, 224, GLYPHS)).as(schedule).isEqualTo(160);
            assertThat(InputSize.of(r, 224, PHOTOS)).as(schedule).isZero();
        }
        assertThat(InputSize.of(plan("full"), 224, images(95, 120))).as("the median's larger side decides").isZero();
        assertThat(InputSize.of(plan("full"), 224, images(95, 64))).isEqualTo(160);
        assertThat(InputSize.of(defaults.withFromScratch(true), 224, GLYPHS)).isEqualTo(160);
    }

    @Test
    void aFrozenBackboneASizeTheUserGaveAndASmallModelKeepTheirs() {
        assertThat(InputSize.of(plan("feature-extraction"), 224, GLYPHS)).as("the probe's features at their own size")
                .isZero();
        Recipe custom = defaults.withPlan(new Schedule.Custom(), Collections.nCopies(5, -1), defaults.learningRate(), 3,
                Recipe.BatchNorm.AUTO, defaults.augmentation());
        assertThat(InputSize.of(custom, 224, GLYPHS)).as("a custom plan that thaws nothing").isZero();
        assertThat(InputSize.of(custom.withThawEpochs(List.of(-1, -1, -1, -1, 2)), 224, GLYPHS)).isEqualTo(160);
        Recipe given = plan("full").withData(new Recipe.Data("/data", null, 0.2, 224, null));
        assertThat(InputSize.of(given, 224, GLYPHS)).isEqualTo(224);
        assertThat(InputSize.of(plan("full"), 28, GLYPHS)).as("never larger than the model's own").isZero();
        assertThat(InputSize.of(plan("full"), 224, null)).isZero();
        assertThat(InputSize.notice(given, 224, GLYPHS)).isNull();
        assertThat(InputSize.notice(plan("full"), 224, GLYPHS)).startsWith("The images are small (28 x 28 px")
                .contains("trains at 160 x 160 px instead of the model's 224").contains("a linear probe keeps 224");
    }

    @Test
    void aRunOnTheBundledGlyphsTrainsAt160AndSaysSoWhileAProbeKeeps224(@TempDir Path workspace, @TempDir Path runs)
            throws Exception {
        Path manifest = TestData.samplePerClass(runs, 6);
        Recipe full = RecipeCodec.defaults().withModel("mobilenet_v2").withData(new Recipe.Data(manifest.toString(), null, 0, 0,
                null)).withPlan(Schedule.parse("full"), null, defaults.learningRate(), 1, Recipe.BatchNorm.AUTO,
                Recipe.Augmentation.NONE);
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(full, runs.resolve("full")));
        assertThat(events).last().isInstanceOf(TrainingEvent.Finished.class);
        RunFolder folder = new RunFolder(runs.resolve("full"));
        assertThat(folder.info().imageSize()).isEqualTo(160);
        assertThat(RecipeCodec.read(folder.recipeFile()).data().imageSize()).as("the recipe on record says so").isEqualTo(160);
        assertThat(events).filteredOn(TrainingEvent.Notice.class::isInstance)
                .anySatisfy(n -> assertThat(((TrainingEvent.Notice) n).message()).contains("trains at 160 x 160 px"));

        Recipe probe = full.withPlan(Schedule.parse("feature-extraction"), null, defaults.learningRate(), 1,
                Recipe.BatchNorm.FROZEN_STATS, Recipe.Augmentation.NONE);
        List<TrainingEvent> probeEvents = TestData.runToEnd(TestData.service(workspace).start(probe, runs.resolve("probe")));
        assertThat(probeEvents).last().isInstanceOf(TrainingEvent.Finished.class);
        assertThat(new RunFolder(runs.resolve("probe")).info().imageSize()).isEqualTo(224);
    }

    @Test
    void theAutomaticPlanSaysItOnceAndItsFineTunesTrainAt160WhileItsProbeKeeps224(@TempDir Path workspace,
            @TempDir Path runs) throws Exception {
        Path manifest = TestData.samplePerClass(runs, 6);
        Recipe auto = RecipeCodec.defaults().withModel("mobilenet_v2").withData(new Recipe.Data(manifest.toString(), null,
                0.2, 0, null)).withPlan(Schedule.parse("auto:1"), null, defaults.learningRate(), 1, Recipe.BatchNorm.AUTO,
                defaults.augmentation());
        Path dir = runs.resolve("auto");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(auto, dir));
        assertThat(events).last().isInstanceOf(TrainingEvent.Finished.class);
        assertThat(events).filteredOn(e -> e instanceof TrainingEvent.Notice n && n.message().contains("160 x 160 px"))
                .hasSize(1);
        PlanReport plan = PlanJson.read(Files.readString(dir.resolve("plan.json")));
        assertThat(plan.candidates()).allSatisfy(c -> assertThat(c.recipe().data().imageSize()).as(c.name())
                .isEqualTo(c.name().equals("linear-probe") ? 0 : 160));
        assertThat(new RunFolder(dir).info().imageSize()).as("the final run at its candidate's size")
                .isEqualTo(plan.chosen().equals("linear-probe") ? 224 : 160);
    }

    private Recipe plan(String schedule) {
        return defaults.withPlan(Schedule.parse(schedule), null, defaults.learningRate(), 0, Recipe.BatchNorm.AUTO,
                defaults.augmentation());
    }

    private static DatasetReport.ImageStatistics images(int width, int height) {
        return new DatasetReport.ImageStatistics(100, 0, width, height, width, height, width, height, Map.of("grey", 100),
                Map.of("png", 100));
    }
}
