package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fine-tune starts from a linear probe's head (LP-FT), so its first step already scores the
 * images as the probe does; a baseline from scratch starts from a new head.
 */
class ProbeStartTest {
    @Test
    void aFineTunesFirstStepScoresLikeAProbeAndABaselinesLikeANewHead(@TempDir Path workspace, @TempDir Path runs)
            throws Exception {
        // statistics frozen and no augmentation: the first step's forward pass sees the features the probe was fitted on
        List<TrainingEvent> fineTune = TestData.runToEnd(TestData.service(workspace)
                .start(TestData.smallCnnRecipe("full", 1), runs.resolve("full")));
        List<TrainingEvent> scratch = TestData.runToEnd(TestData.service(workspace)
                .start(TestData.smallCnnRecipe("full", 1).withFromScratch(true), runs.resolve("scratch")));

        double chance = Math.log(5);
        assertThat(firstLoss(fineTune)).isLessThan(0.5 * chance);
        assertThat(firstLoss(scratch)).isGreaterThan(0.8 * chance);
        assertThat(fineTune).anyMatch(e -> e instanceof TrainingEvent.Preparing p && p.message().startsWith("Fitting the head"));
        assertThat(scratch).noneMatch(e -> e instanceof TrainingEvent.Preparing p && p.message().startsWith("Fitting the head"));
    }

    private static double firstLoss(List<TrainingEvent> events) {
        return events.stream().filter(TrainingEvent.BatchDone.class::isInstance).map(TrainingEvent.BatchDone.class::cast)
                .findFirst().orElseThrow().loss();
    }
}
