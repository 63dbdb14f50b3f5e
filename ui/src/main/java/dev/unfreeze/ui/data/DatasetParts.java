package dev.unfreeze.ui.data;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import javafx.scene.chart.XYChart;

/**
 * The parts of a split dataset, class by class: what trains, and what only validates or tests. A test part's
 * imbalance trains nothing, so the Data step shows the parts apart rather than one total.
 */
final class DatasetParts {
    private DatasetParts() {}

    /** One stacked series per part the dataset has: training always, its own validation and test parts when present. */
    static List<XYChart.Series<String, Number>> series(DatasetReport report) {
        List<XYChart.Series<String, Number>> parts = new ArrayList<>();
        add(parts, report, "training", ClassEntry::train, true);
        add(parts, report, "validation", ClassEntry::val, false);
        add(parts, report, "test", ClassEntry::test, false);
        return parts;
    }

    /** The chart's title, which names the stacked parts from the bottom up when there are several. */
    static String title(List<XYChart.Series<String, Number>> parts) {
        return parts.size() < 2 ? "Images per class" : "Images per class, stacked from the bottom: "
                + String.join(", ", parts.stream().map(XYChart.Series::getName).toList());
    }

    /** The parts of a class's images on a line of their own ("10 train, 18 test"); empty when all of them train. */
    static String label(ClassEntry c) {
        if (c.train() == c.total()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\n").append(c.train()).append(" train");
        if (c.val() > 0) {
            text.append(", ").append(c.val()).append(" val");
        }
        if (c.test() > 0) {
            text.append(", ").append(c.test()).append(" test");
        }
        return text.toString();
    }

    private static void add(List<XYChart.Series<String, Number>> parts, DatasetReport report, String name,
            ToIntFunction<ClassEntry> count, boolean always) {
        if (!always && report.classes().stream().mapToInt(count).sum() == 0) {
            return;
        }
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName(name);
        report.classes().forEach(c -> series.getData().add(new XYChart.Data<>(c.name(), count.applyAsInt(c))));
        parts.add(series);
    }
}
