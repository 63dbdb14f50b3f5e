package dev.unfreeze.ui.layers;

import dev.unfreeze.ui.shared.Point;
import dev.unfreeze.ui.shared.TrainingMonitor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Train step's rate chart follows each backbone group from the step it starts training in. */
class GroupRatesTest {
    @Test
    void aGroupGetsACurveFromItsFirstTrainingStepAndANewRunStartsWithNone() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.reset();
        monitor.accept(List.of(
                new TrainingEvent.RunStarted("m", "cpu()", List.of("a", "b"), List.of("block1", "block2", "block3"), 10, 2, 3,
                        0, 1, List.of()),
                new TrainingEvent.BatchDone(0, 0, 1, 1.0, 0.01, 50, true, Arrays.asList(null, null, null)),
                new TrainingEvent.BatchDone(1, 0, 2, 0.9, 0.01, 50, false, Arrays.asList(null, null, 0.01 / 2.6)),
                new TrainingEvent.BatchDone(2, 0, 3, 0.8, 0.008, 50, false, Arrays.asList(null, 0.008 / 6.76, 0.008 / 2.6))));
        assertThat(monitor.groupRates()).extracting(TrainingMonitor.GroupRate::name).containsExactly("block3", "block2");
        TrainingMonitor.GroupRate block3 = monitor.groupRates().get(0);
        assertThat(block3.group()).isEqualTo(2);
        assertThat(block3.groups()).isEqualTo(3);
        assertThat(block3.points()).containsExactly(new Point(2, 0.01 / 2.6), new Point(3, 0.008 / 2.6));
        assertThat(monitor.groupRates().get(1).points()).containsExactly(new Point(3, 0.008 / 6.76));

        // a step from an older log, without group rates: the head's rate alone
        monitor.accept(List.of(new TrainingEvent.BatchDone(2, 1, 4, 0.7, 0.006, 50, false)));
        assertThat(monitor.learningRate()).hasSize(4);
        assertThat(block3.points()).hasSize(2);

        monitor.reset();
        assertThat(monitor.groupRates()).isEmpty();
        assertThat(monitor.learningRate()).isEmpty();
    }
}
