package dev.unfreeze.ui.shared;

import java.util.function.Supplier;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.Range;

/**
 * A chart's value axis that follows a robust range of the data while one is given (a few wild early losses then do
 * not flatten the rest of the curve), and the usual fit otherwise.
 */
final class FittedValueAxis {
    private FittedValueAxis() {}

    /**
     * @param robustRange {lower, upper} to show, or null (or an empty range) for the usual fit
     * @param includeZero whether a linear axis starts at zero
     */
    static ValueAxis create(String valueLabel, boolean log, boolean includeZero, Supplier<double[]> robustRange) {
        String label = log ? valueLabel + " (log scale)" : valueLabel;
        if (log) {
            LogAxis axis = new LogAxis(label) {
                @Override
                protected void autoAdjustRange() {
                    if (!applyRobust(this, true, robustRange)) {
                        super.autoAdjustRange();
                    }
                }
            };
            axis.setSmallestValue(1e-9);
            return axis;
        }
        NumberAxis axis = new NumberAxis(label) {
            @Override
            protected void autoAdjustRange() {
                if (!applyRobust(this, false, robustRange)) {
                    super.autoAdjustRange();
                }
            }
        };
        axis.setAutoRangeIncludesZero(includeZero);
        return axis;
    }

    private static boolean applyRobust(ValueAxis axis, boolean log, Supplier<double[]> robustRange) {
        double[] range = robustRange.get();
        if (range == null || !(range[1] > range[0]) || (log && range[0] <= 0)) {
            return false;
        }
        axis.setRange(new Range(range[0], range[1]), false, false);
        return true;
    }
}
