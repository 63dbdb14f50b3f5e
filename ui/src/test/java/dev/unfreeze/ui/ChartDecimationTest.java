package dev.unfreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.Test;

/** A long run keeps every point, while a chart draws a bounded number of them. */
class ChartDecimationTest {

    @Test
    void hundredThousandBatchesDrawAtMostTwoThousandPointsIncludingTheLast() {
        ObservableList<Point> points = FXCollections.observableArrayList();
        XYChart.Series<Number, Number> series = DecimatedSeries.of("loss", points, 2000);
        List<Point> batch = new ArrayList<>();
        for (int step = 1; step <= 100_000; step++) {
            batch.add(new Point(step, 1.0 / step));
        }
        long start = System.nanoTime();
        points.addAll(batch);
        double millis = (System.nanoTime() - start) / 1e6;
        System.out.printf("decimating 100,000 points for drawing took %.1f ms%n", millis);

        assertThat(points).hasSize(100_000);
        assertThat(series.getData()).hasSizeLessThanOrEqualTo(2001);
        assertThat(series.getData().get(0).getXValue()).isEqualTo(1.0);
        assertThat(series.getData().get(series.getData().size() - 1).getXValue()).isEqualTo(100_000.0);
    }
}
