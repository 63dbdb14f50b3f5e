package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unfreeze.training.api.ClassMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Precision, recall and F1 on a matrix worked by hand. */
class ConfusionMatrixTest {
    @Test
    void metricsMatchAHandWorkedExample() {
        // rows: true class; columns: predicted
        //          cat dog fox
        //   cat     5   1   0
        //   dog     2   3   1
        //   fox     0   0   0      (no fox in the data; one dog called a fox)
        ConfusionMatrix m = new ConfusionMatrix(List.of("cat", "dog", "fox"));
        add(m, 0, 0, 5);
        add(m, 0, 1, 1);
        add(m, 1, 0, 2);
        add(m, 1, 1, 3);
        add(m, 1, 2, 1);
        assertThat(m.accuracy()).isCloseTo(8.0 / 12, within(1e-12));
        List<ClassMetrics> per = m.perClass();
        // cat: precision 5/7, recall 5/6, F1 = 2pr/(p+r) = 10/13
        assertThat(per.get(0).precision()).isCloseTo(5.0 / 7, within(1e-12));
        assertThat(per.get(0).recall()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(per.get(0).f1()).isCloseTo(10.0 / 13, within(1e-12));
        assertThat(per.get(0).support()).isEqualTo(6);
        // dog: precision 3/4, recall 3/6, F1 = 0.6
        assertThat(per.get(1).precision()).isCloseTo(0.75, within(1e-12));
        assertThat(per.get(1).recall()).isCloseTo(0.5, within(1e-12));
        assertThat(per.get(1).f1()).isCloseTo(0.6, within(1e-12));
        // fox: predicted once, never right, never present: 0 where undefined, not NaN
        assertThat(per.get(2)).isEqualTo(new ClassMetrics("fox", 0, 0, 0, 0));
        assertThat(m.counts()[1]).containsExactly(2, 3, 1);
    }

    @Test
    void anEmptyMatrixHasNoAccuracyRatherThanNaN() {
        assertThat(new ConfusionMatrix(List.of("a", "b")).accuracy()).isZero();
    }

    @Test
    void countsAreACopy() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b"));
        m.add(0, 1);
        m.counts()[0][1] = 99;
        assertThat(m.counts()[0][1]).isEqualTo(1);
    }

    private static void add(ConfusionMatrix m, int actual, int predicted, int times) {
        for (int i = 0; i < times; i++) {
            m.add(actual, predicted);
        }
    }
}
