package dev.unfreeze.ui.shared;

import java.util.ArrayList;
import java.util.List;

/**
 * Thins a curve for drawing, so that charts stay smooth with 100,000 batches while the curve itself
 * keeps all data. Min/max decimation: the points fall into buckets and each bucket draws its lowest
 * and its highest point, in order, so a one-batch loss spike (or dip) is still drawn, as are the
 * first and the last point.
 */
final class DecimatedSeries {
    private DecimatedSeries() {}

    /** At most {@code maxPoints} + 2 of the points, in order. */
    static List<Point> decimate(List<Point> points, int maxPoints) {
        int n = points.size();
        if (n <= maxPoints) {
            return List.copyOf(points);
        }
        List<Point> shown = new ArrayList<>(maxPoints + 2);
        int bucket = Math.max(2, (2 * n + maxPoints - 1) / maxPoints);
        shown.add(points.get(0));
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
            shown.add(points.get(Math.min(low, high)));
            if (low != high) {
                shown.add(points.get(Math.max(low, high)));
            }
        }
        shown.add(points.get(n - 1));
        return shown;
    }
}
