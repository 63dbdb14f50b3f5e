package dev.unfreeze.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import java.util.List;
import java.util.Map;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.Test;

/** The Data step's bars and labels show which images train, and which only test, when a dataset is split. */
class DatasetPartsTest {
    private static DatasetReport report(List<ClassEntry> classes) {
        int total = classes.stream().mapToInt(ClassEntry::total).sum();
        return new DatasetReport("d", "d", "split folders", "/d", classes, List.of(), List.of(),
                new DatasetReport.ImageStatistics(total, 0, 8, 8, 8, 8, 8, 8, Map.of(), Map.of()), 1.0, "sha256:0");
    }

    @Test
    void aSplitDatasetStacksItsTrainingAndTestPartsAndLeavesOutAnEmptyValidationPart() {
        DatasetReport split = report(List.of(new ClassEntry("fishes", 10, 0, 18, 1.0, List.of()),
                new ClassEntry("tools", 10, 0, 29, 1.0, List.of())));

        List<XYChart.Series<String, Number>> parts = DatasetParts.series(split);

        assertThat(parts).extracting(XYChart.Series::getName).containsExactly("training", "test");
        assertThat(parts.get(0).getData()).extracting(XYChart.Data::getYValue).containsExactly(10, 10);
        assertThat(parts.get(1).getData()).extracting(XYChart.Data::getXValue).containsExactly("fishes", "tools");
        assertThat(parts.get(1).getData()).extracting(XYChart.Data::getYValue).containsExactly(18, 29);
        assertThat(DatasetParts.label(split.classes().get(1))).isEqualTo("\n10 train, 29 test");
        assertThat(DatasetParts.title(parts)).isEqualTo("Images per class, stacked from the bottom: training, test");
    }

    @Test
    void anUnsplitDatasetHasOneBarAClassAndNoPartsInItsLabels() {
        DatasetReport unsplit = report(List.of(new ClassEntry("a", 12, 0, 0, 0.63, List.of()),
                new ClassEntry("b", 3, 0, 0, 2.5, List.of())));

        assertThat(DatasetParts.series(unsplit)).extracting(XYChart.Series::getName).containsExactly("training");
        assertThat(DatasetParts.label(unsplit.classes().get(0))).isEmpty();
        assertThat(DatasetParts.title(DatasetParts.series(unsplit))).isEqualTo("Images per class");
    }
}
