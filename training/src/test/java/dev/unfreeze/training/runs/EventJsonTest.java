package dev.unfreeze.training.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.unfreeze.training.api.TrainingEvent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every kind of event has a name in the log, a step's group rates survive it (frozen groups included), and logs
 * written before them still read.
 */
class EventJsonTest {
    @Test
    void everyKindOfEventIsNamedInTheLogAndAWarningRoundTrips() throws Exception {
        var named = Arrays.stream(TrainingEvent.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::value).toList();
        assertThat(named).containsExactlyInAnyOrder(TrainingEvent.class.getPermittedSubclasses());
        TrainingEvent.NotLearned told = new TrainingEvent.NotLearned(true, "its training loss became NaN");
        assertThat(EventJson.write(told)).contains("\"type\":\"not-learned\"");
        assertThat(EventJson.read(EventJson.write(told))).isEqualTo(told);
    }

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
