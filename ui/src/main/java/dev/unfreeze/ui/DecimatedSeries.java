package dev.unfreeze.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * Shows a list of points in a chart series, drawing at most {@code maxPoints} + 2 of them so that charts
 * stay smooth with 100,000 batches; the list keeps all data. Min/max decimation: the points fall
 * into buckets and each bucket draws its lowest and its highest point, in order, so a one-batch
 * loss spike (or dip) is still drawn, as are the first and the last point.
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
        int n = points.size();
        List<XYChart.Data<Number, Number>> shown = new ArrayList<>(Math.min(n, maxPoints + 2));
        if (n <= maxPoints) {
            points.forEach(p -> shown.add(data(p)));
            return shown;
        }
        int bucket = Math.max(2, (2 * n + maxPoints - 1) / maxPoints);
        shown.add(data(points.get(0)));
        for (int start = 1; start < n - 1; start += bucket) {
            int end = Math.min(n - 1, start + bucket);
            int low = start;
            int high = start;
            for (int i = start + 1; i < end; i++) {
                if (points.get(i).y() < points.get(low).y()) {
                    low = i;
                }
                if (points.get(i).y() > points.get(high).y()) {
                    high = i;
                }
            }
            shown.add(data(points.get(Math.min(low, high))));
            if (low != high) {
                shown.add(data(points.get(Math.max(low, high))));
            }
        }
        shown.add(data(points.get(n - 1)));
        return shown;
    }

    private static XYChart.Data<Number, Number> data(Point p) {
        return new XYChart.Data<>(p.x(), p.y());
    }
}
