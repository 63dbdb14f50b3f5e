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
    void hundredThousandBatchesDrawAtMostTwoThousandPointsIncludingTheLastAndTheSpikes() {
        ObservableList<Point> points = FXCollections.observableArrayList();
        XYChart.Series<Number, Number> series = DecimatedSeries.of("loss", points, 2000);
        List<Point> batch = new ArrayList<>();
        for (int step = 1; step <= 100_000; step++) {
            batch.add(new Point(step, step == 54_321 ? 100 : step == 76_543 ? -5 : 1.0 / step));
        }
        points.addAll(batch);

        assertThat(points).hasSize(100_000);
        assertThat(series.getData()).hasSizeLessThanOrEqualTo(2002);
        assertThat(series.getData().get(0).getXValue()).isEqualTo(1.0);
        assertThat(series.getData().get(series.getData().size() - 1).getXValue()).isEqualTo(100_000.0);
        // min/max decimation: a one-batch spike either way is still drawn
        assertThat(series.getData()).anySatisfy(d -> assertThat(d.getYValue().doubleValue()).isEqualTo(100.0));
        assertThat(series.getData()).anySatisfy(d -> assertThat(d.getYValue().doubleValue()).isEqualTo(-5.0));
    }
}
