package dev.unfreeze.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A long run keeps every point, while a chart draws a bounded number of them; a spike neither vanishes nor sets the scale. */
class ChartDecimationTest {

    @Test
    void hundredThousandBatchesDrawAtMostTwoThousandPointsIncludingTheLastAndTheSpikes() {
        List<Point> points = new ArrayList<>();
        for (int step = 1; step <= 100_000; step++) {
            points.add(new Point(step, step == 54_321 ? 100 : step == 76_543 ? -5 : 1.0 / step));
        }
        List<Point> drawn = DecimatedSeries.decimate(points, 2000);

        assertThat(drawn).hasSizeLessThanOrEqualTo(2002);
        assertThat(drawn.get(0).x()).isEqualTo(1.0);
        assertThat(drawn.get(drawn.size() - 1).x()).isEqualTo(100_000.0);
        // min/max decimation: a one-batch spike either way is still drawn
        assertThat(drawn).anySatisfy(p -> assertThat(p.y()).isEqualTo(100.0));
        assertThat(drawn).anySatisfy(p -> assertThat(p.y()).isEqualTo(-5.0));
        assertThat(drawn).isSortedAccordingTo(java.util.Comparator.comparingDouble(Point::x));
    }

    @Test
    void aLossSpikeDoesNotSetTheRangeButTheSmoothedCurveStaysInside() {
        List<Point> raw = new ArrayList<>();
        List<Point> smoothed = new ArrayList<>();
        for (int step = 0; step < 1000; step++) {
            double loss = step == 500 ? 80 : 2.0 - step / 1000.0;
            raw.add(new Point(step, loss));
            smoothed.add(new Point(step, step == 500 ? 9 : loss)); // smoothing damps the spike
        }
        double[] range = RobustRange.of(raw, smoothed, false);
        assertThat(range[1]).as("the 80 spike is cut").isLessThan(10).isGreaterThanOrEqualTo(9);
        assertThat(range[0]).isLessThanOrEqualTo(1.001);
        double[] log = RobustRange.of(raw, smoothed, true);
        assertThat(log[0]).isPositive().isLessThan(1.001);
        assertThat(RobustRange.of(List.of(new Point(0, Double.NaN)), List.of(), false)).isNull();
    }
}
