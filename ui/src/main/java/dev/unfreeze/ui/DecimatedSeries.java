package dev.unfreeze.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * Shows a list of points in a chart series, drawing at most {@code maxPoints} of them (every
 * k-th, plus the last) so that charts stay smooth with 100,000 batches; the list keeps all data.
 */
final class DecimatedSeries {
    private DecimatedSeries() {}

    static XYChart.Series<Number, Number> of(String name, ObservableList<Point> points, int maxPoints) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        Runnable redraw = () -> series.getData().setAll(decimate(points, maxPoints));
        points.addListener((ListChangeListener<Point>) c -> redraw.run());
        redraw.run();
        return series;
    }

    static List<XYChart.Data<Number, Number>> decimate(List<Point> points, int maxPoints) {
        int stride = Math.max(1, (points.size() + maxPoints - 1) / maxPoints);
        List<XYChart.Data<Number, Number>> shown = new ArrayList<>(Math.min(points.size(), maxPoints + 1));
        for (int i = 0; i < points.size(); i += stride) {
            shown.add(new XYChart.Data<>(points.get(i).x(), points.get(i).y()));
        }
        if (!points.isEmpty() && (points.size() - 1) % stride != 0) {
            Point last = points.get(points.size() - 1);
            shown.add(new XYChart.Data<>(last.x(), last.y()));
        }
        return shown;
    }
}
