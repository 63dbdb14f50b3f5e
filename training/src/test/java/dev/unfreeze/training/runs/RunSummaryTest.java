package dev.unfreeze.training.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunStatus;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run list's summary of a run, rebuilt from its folder. */
class RunSummaryTest {
    @TempDir
    Path workspace;
    @TempDir
    Path runs;

    @Test
    void aRunWithValidationImagesListsTheirScoresAndOneWithoutListsNone() throws Exception {
        Recipe validated = TestData.smallCnnRecipe("full", 2);
        Recipe everyImage = validated.withData(new Recipe.Data(validated.data().train(), null, 0, 0, null));

        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(validated, runs.resolve("a")));
        double best = events.stream().filter(TrainingEvent.EpochDone.class::isInstance)
                .mapToDouble(e -> ((TrainingEvent.EpochDone) e).valAccuracy()).max().orElseThrow();
        RunSummary withValidation = RunSummary.of(runs.resolve("a"));
        assertThat(withValidation.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(withValidation.epochsDone()).isEqualTo(2);
        assertThat(withValidation.valAccuracy()).hasSize(2);
        assertThat(withValidation.bestValAccuracy()).isEqualTo(best).isPositive();

        events = TestData.runToEnd(TestData.service(workspace).start(everyImage, runs.resolve("b")));
        assertThat(TestData.started(events).valImages()).isZero();
        RunSummary without = RunSummary.of(runs.resolve("b"));
        assertThat(without.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(without.epochsDone()).as("its epochs still count").isEqualTo(2);
        assertThat(without.valAccuracy()).as("no curve of zeros to compare against").isEmpty();
        assertThat(without.bestValAccuracy()).as("no score, not a score of 0").isNaN();
    }
}
