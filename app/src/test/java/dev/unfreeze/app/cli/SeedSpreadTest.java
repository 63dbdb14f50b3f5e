package dev.unfreeze.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The quality benchmark's summary over seeds: each task's mean, worst and best, tasks in the order they ran. */
class SeedSpreadTest {
    @Test
    void eachTaskGetsItsOwnMeanWorstAndBest() {
        SeedSpread.Collector collector = new SeedSpread.Collector();
        collector.add("fashion-5", 0.678);
        collector.add("photos-2", 0.979);
        collector.add("fashion-5", 0.646);
        collector.add("fashion-5", 0.672);
        collector.add("photos-2", 0.896);

        List<SeedSpread> spreads = collector.spreads();

        assertThat(spreads).extracting(SeedSpread::task).containsExactly("fashion-5", "photos-2");
        SeedSpread fashion = spreads.get(0);
        assertThat(fashion.accuracies()).containsExactly(0.678, 0.646, 0.672);
        assertThat(fashion.mean()).isCloseTo(0.6653, within(1e-4));
        assertThat(fashion.worst()).isEqualTo(0.646);
        assertThat(fashion.best()).isEqualTo(0.678);
        assertThat(spreads.get(1).mean()).isCloseTo(0.9375, within(1e-4));
    }

    @Test
    void aTaskWithoutAnAccuracyIsRefused() {
        assertThatThrownBy(() -> new SeedSpread("empty", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
