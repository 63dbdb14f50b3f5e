package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.PlanOrderThresholds;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shift of a dataset from a backbone's BatchNorm statistics: zero for the same statistics, bounded, per group. */
class StatisticsShiftTest {
    @TempDir
    Path workspace;

    @Test
    void theSameStatisticsGiveZeroAndAShiftedMeanOrVarianceMore() {
        float[] mean = {0.5f, -1f};
        float[] variance = {1f, 4f};
        // after a batch with exactly the running statistics, the running statistics do not move
        assertThat(StatisticsShift.divergence(mean, mean, variance, variance)).isCloseTo(0, within(1e-9));
        // a batch whose means are 2 standard deviations off: running = 0.9 old + 0.1 batch
        float[] shiftedMean = {0.9f * 0.5f + 0.1f * 2.5f, 0.9f * -1f + 0.1f * 3f};
        double shifted = StatisticsShift.divergence(mean, shiftedMean, variance, variance);
        assertThat(shifted).isBetween(0.3, 0.5); // 1 - exp(-4/8) = 0.39 for each channel
        float[] wider = {0.9f * 1f + 0.1f * 9f, 0.9f * 4f + 0.1f * 36f};
        assertThat(StatisticsShift.divergence(mean, mean, variance, wider)).isBetween(0.1, 0.3);
        // a channel nearly constant on the backbone's data counts at most 1
        float[] tiny = {1e-9f, 4f};
        float[] far = {0.9f * 0.5f + 0.1f * 100f, -1f};
        assertThat(StatisticsShift.divergence(mean, far, tiny, new float[] {0.9f * 1e-9f + 0.1f, 4f})).isBetween(0.4, 0.5);
    }

    @Test
    void theSmallCnnsSampleIsNearItsOwnDataAndEveryGroupIsScored() throws Exception {
        // the small CNN was pretrained on Fashion-MNIST's other five classes: the same kind of image
        DatasetInspector.Inspection inspection = DatasetInspector.inspect(
                Datasets.layout(List.of(TestData.fashionSample()), null, workspace), p -> { }, workspace);
        ModelCatalog catalog = new ModelCatalog(new Workspace(workspace));
        List<StatisticsShift.GroupShift> shift = StatisticsShift.of(catalog.resolve("fashion_cnn"), inspection.classes(),
                inspection.samples(Split.TRAIN, Split.UNSPLIT), 42);
        assertThat(shift).extracting(StatisticsShift.GroupShift::group).containsExactly("block1", "block2", "block3");
        assertThat(shift).allSatisfy(g -> assertThat(g.shift()).isBetween(0.0, 0.2));
        // photographs are far from the glyphs it learned on, most of all at its input
        Path photos = TestData.fashionSample().getParent().getParent().getParent().resolve("bench/data/photos-4/train");
        DatasetInspector.Inspection other = DatasetInspector.inspect(Datasets.layout(List.of(photos), null, workspace),
                p -> { }, workspace);
        List<StatisticsShift.GroupShift> far = StatisticsShift.of(catalog.resolve("fashion_cnn"), other.classes(),
                other.samples(Split.TRAIN, Split.UNSPLIT), 42);
        assertThat(far.get(0).shift()).as("photographs against the sample").isGreaterThan(3 * shift.get(0).shift());
    }

    @Test
    void glyphsAreForeignToMobileNetAtItsInputAndPhotographsAreNot() throws Exception {
        // the measurement the automatic plan's order of preference turns on, on real images of both kinds
        ModelCatalog catalog = new ModelCatalog(new Workspace(workspace));
        Path photos = TestData.fashionSample().getParent().getParent().getParent().resolve("bench/data/photos-4/train");
        double glyphs = atInput(catalog, TestData.fashionSample());
        double photographs = atInput(catalog, photos);
        assertThat(glyphs).isGreaterThanOrEqualTo(StatisticsShift.FOREIGN_AT_INPUT);
        assertThat(photographs).isLessThan(StatisticsShift.FOREIGN_AT_INPUT / 2);
        assertThat(Preference.of(10, 4, 40, glyphs)).isEqualTo(Preference.FOREIGN_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(Preference.of(10, 4, 40, photographs)).isEqualTo(Preference.SAFEST_FIRST);
    }

    @Test
    void theSearchsOrderIsMeasuredAtEverySizeAndSaysWhenTheImagesAreForeign() throws Exception {
        ModelCatalog catalog = new ModelCatalog(new Workspace(workspace));
        DatasetInspector.Inspection glyphs = DatasetInspector.inspect(
                Datasets.layout(List.of(TestData.fashionSample()), null, workspace), p -> { }, workspace);
        List<String> progress = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        double shift = StatisticsShift.atInputOrNaN(catalog.resolve("mobilenet_v2"), glyphs.classes(),
                glyphs.samples(Split.TRAIN, Split.UNSPLIT), 42, progress::add);
        assertThat(progress).singleElement().asString().startsWith("Comparing the images");
        assertThat(shift).isGreaterThan(PlanOrderThresholds.FOREIGN_AT_INPUT);
        Preference few = Preference.forData(10, 4, 40, shift, notices::add);
        assertThat(few).isEqualTo(Preference.FOREIGN_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(notices).singleElement().asString().startsWith("These images are unlike the backbone's own");
        notices.clear();
        Preference enough = Preference.forData(20, 4, 80, shift, notices::add);
        assertThat(enough).as("measured from 20 a class too").isEqualTo(Preference.FOREIGN_IMAGES_MOST_ADAPTED_FIRST);
        assertThat(notices).singleElement().asString().startsWith("These images are unlike the backbone's own");
        assertThat(Recipe.Augmentation.forPretrained(shift)).as("glyphs: the standard augmentation")
                .isEqualTo(Recipe.Augmentation.STANDARD);
        assertThat(Preference.forData(10, 4, 40, 0.04, notices::add)).isEqualTo(Preference.SAFEST_FIRST);
        assertThat(notices).as("photographs: nothing to say").hasSize(1);
    }

    private double atInput(ModelCatalog catalog, Path folder) throws Exception {
        DatasetInspector.Inspection inspection = DatasetInspector.inspect(Datasets.layout(List.of(folder), null, workspace),
                p -> { }, workspace);
        return StatisticsShift.atInput(catalog.resolve("mobilenet_v2"), inspection.classes(),
                inspection.samples(Split.TRAIN, Split.UNSPLIT), 42);
    }
}
