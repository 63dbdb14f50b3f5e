package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fine-tune whose head starts from a linear probe (LP-FT) begins where the probe ends, not at chance. */
class ProbeStartTest {
    @Test
    void aHeadStartedFromTheProbeBeginsFarBelowChanceLoss(@TempDir Path workspace, @TempDir Path runs) throws Exception {
        Recipe fresh = TestData.smallCnnRecipe("full", 1);
        Recipe fromProbe = fresh.withHead(fresh.head().withStart(RecipeHead.Start.PROBE));
        double freshLoss = firstLoss(TestData.runToEnd(TestData.service(workspace).start(fresh, runs.resolve("new"))));
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(fromProbe, runs.resolve("probe")));
        double probeLoss = firstLoss(events);
        // five classes: a new head starts near ln 5 = 1.61; the probe separates most of the sample already
        assertThat(freshLoss).isGreaterThan(1.2);
        assertThat(probeLoss).isLessThan(0.8).isLessThan(freshLoss / 2);
        assertThat(events).anyMatch(e -> e instanceof TrainingEvent.Preparing p && p.message().startsWith("Fitting the head"));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
    }

    private static double firstLoss(List<TrainingEvent> events) {
        return events.stream().filter(TrainingEvent.BatchDone.class::isInstance).map(TrainingEvent.BatchDone.class::cast)
                .findFirst().orElseThrow().loss();
    }
}
