package dev.unfreeze.training.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A step's group rates survive the event log, frozen groups included, and logs written before them still read. */
class EventJsonTest {
    @Test
    void groupRatesRoundTripWithFrozenGroupsAsNull() throws Exception {
        TrainingEvent.BatchDone step = new TrainingEvent.BatchDone(2, 3, 17, 0.5, 0.01, 40, false,
                Arrays.asList(null, 0.01 / 2.6, 0.01));
        TrainingEvent read = EventJson.read(EventJson.write(step));
        assertThat(read).isEqualTo(step);
        assertThat(((TrainingEvent.BatchDone) read).groupRates()).containsExactly(null, 0.01 / 2.6, 0.01);
    }

    @Test
    void aStepLoggedWithoutGroupRatesReadsWithNone() throws Exception {
        String older = EventJson.write(new TrainingEvent.BatchDone(0, 0, 1, 1.5, 0.001, 30, true))
                .replaceAll(",\\s*\"groupRates\"\\s*:\\s*\\[\\s*\\]", "");
        assertThat(older).doesNotContain("groupRates");
        TrainingEvent.BatchDone read = (TrainingEvent.BatchDone) EventJson.read(older);
        assertThat(read.groupRates()).isEmpty();
        assertThat(read.learningRate()).isEqualTo(0.001);
    }
}
