package dev.unfreeze.ui.shared;

import java.util.Arrays;
import java.util.List;

/**
 * The vertical range a loss chart shows while it follows the data: from the lowest value to the
 * 98th percentile of the raw values, or to the smoothed curve's top when that is higher, with a
 * margin. One loss spike (a thawed group, a bad batch) would otherwise set the scale for the whole
 * run and flatten the curve people are watching; the spike is still drawn, cut at the top.
 */
public final class RobustRange {
    static final double QUANTILE = 0.98;

    private RobustRange() {}

    /**
     * @return {lower, upper}, or null without finite values
     * @param positive whether the axis is logarithmic (the lower bound is then the lowest positive value)
     */
    public static double[] of(List<Point> raw, List<Point> smoothed, boolean positive) {
        double[] values = raw.stream().mapToDouble(Point::y).filter(Double::isFinite).filter(v -> !positive || v > 0)
                .toArray();
        if (values.length == 0) {
            return null;
        }
        Arrays.sort(values);
        double lower = values[0];
        double upper = values[(int) Math.floor(QUANTILE * (values.length - 1))];
        for (Point p : smoothed) {
            if (Double.isFinite(p.y()) && (!positive || p.y() > 0)) {
                upper = Math.max(upper, p.y());
                lower = Math.min(lower, p.y());
            }
        }
        if (positive) {
            return new double[] {lower / 1.2, upper * 1.2};
        }
        double margin = Math.max(1e-9, 0.05 * (upper - lower));
        return new double[] {lower - margin, upper + margin};
    }
}
