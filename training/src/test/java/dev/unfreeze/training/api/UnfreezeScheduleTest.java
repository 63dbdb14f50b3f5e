package dev.unfreeze.training.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnfreezeScheduleTest {
    private static final int N = UnfreezeSchedule.NEVER;

    @Test
    void presetsGiveEachGroupItsThawEpoch() {
        assertThat(new Schedule.FeatureExtraction().thawPlan(3).thawEpochs()).containsExactly(N, N, N);
        assertThat(new Schedule.Full().thawPlan(3).thawEpochs()).containsExactly(0, 0, 0);
        assertThat(new Schedule.Partial(2).thawPlan(4).thawEpochs()).containsExactly(N, N, 0, 0);
        // ULMFiT: the head alone first, then one more group per epoch from the top.
        assertThat(new Schedule.Gradual().thawPlan(3).thawEpochs()).containsExactly(3, 2, 1);
        assertThat(new Schedule.BitFit().thawPlan(2).tuned()).isEqualTo(UnfreezeSchedule.Tuned.SCALES_AND_BIASES);
        UnfreezeSchedule twoStage = new Schedule.TwoStage(2).thawPlan(3);
        assertThat(twoStage.thawEpochs()).containsExactly(2, 2, 2);
        assertThat(twoStage.lowerRateFromEpoch()).isEqualTo(2);
    }

    @Test
    void trainsAnswersPerGroupAndEpoch() {
        UnfreezeSchedule gradual = new Schedule.Gradual().thawPlan(2);
        assertThat(gradual.trains(1, 0)).isFalse();
        assertThat(gradual.trains(1, 1)).isTrue();
        assertThat(gradual.trains(0, 1)).isFalse();
        assertThat(gradual.anyBackboneTrains(0)).isFalse();
        assertThat(new UnfreezeSchedule(List.of(N, 0), N).anyBackboneTrains(0)).isTrue();
    }

    @Test
    void badPresetsAreExplained() {
        assertThat(problem("melt")).contains("unknown schedule 'melt'").contains("gradual");
        assertThat(problem("partial")).contains("needs a number");
        assertThat(problem("full:1")).contains("takes no");
        assertThat(problem("auto:0.1")).contains("between 0.5 and 100");
        assertThatThrownBy(() -> Schedule.parse("partial:9").thawPlan(3)).hasMessageContaining("at most partial:3");
        assertThatThrownBy(() -> Schedule.parse("melt").thawPlan(3)).hasMessageContaining("unknown schedule 'melt'");
    }

    private static String problem(String text) {
        Schedule read = Schedule.parse(text);
        assertThat(read).isInstanceOf(Schedule.Unreadable.class);
        return ((Schedule.Unreadable) read).problem();
    }
}
