package dev.unfreeze.training.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnfreezeScheduleTest {
    private static final int N = UnfreezeSchedule.NEVER;

    @Test
    void presetsGiveEachGroupItsThawEpoch() {
        assertThat(UnfreezeSchedule.preset("feature-extraction", 3).thawEpochs()).containsExactly(N, N, N);
        assertThat(UnfreezeSchedule.preset("full", 3).thawEpochs()).containsExactly(0, 0, 0);
        assertThat(UnfreezeSchedule.preset("partial:2", 4).thawEpochs()).containsExactly(N, N, 0, 0);
        // ULMFiT: the head alone first, then one more group per epoch from the top.
        assertThat(UnfreezeSchedule.preset("gradual", 3).thawEpochs()).containsExactly(3, 2, 1);
        UnfreezeSchedule twoStage = UnfreezeSchedule.preset("two-stage:2", 3);
        assertThat(twoStage.thawEpochs()).containsExactly(2, 2, 2);
        assertThat(twoStage.lowerRateFromEpoch()).isEqualTo(2);
    }

    @Test
    void trainsAnswersPerGroupAndEpoch() {
        UnfreezeSchedule gradual = UnfreezeSchedule.preset("gradual", 2);
        assertThat(gradual.trains(1, 0)).isFalse();
        assertThat(gradual.trains(1, 1)).isTrue();
        assertThat(gradual.trains(0, 1)).isFalse();
        assertThat(gradual.anyBackboneTrains(0)).isFalse();
        assertThat(new UnfreezeSchedule(List.of(N, 0), N).anyBackboneTrains(0)).isTrue();
    }

    @Test
    void badPresetsAreExplained() {
        assertThatThrownBy(() -> UnfreezeSchedule.preset("melt", 3)).hasMessageContaining("unknown schedule 'melt'")
                .hasMessageContaining("gradual");
        assertThatThrownBy(() -> UnfreezeSchedule.preset("partial:9", 3)).hasMessageContaining("at most partial:3");
        assertThatThrownBy(() -> UnfreezeSchedule.preset("partial", 3)).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> UnfreezeSchedule.preset("full:1", 3)).hasMessageContaining("takes no");
    }
}
