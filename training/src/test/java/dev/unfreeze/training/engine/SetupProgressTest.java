package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow set-up work says what it does and how far it is, so a large dataset never looks stuck. */
class SetupProgressTest {

    @Test
    void reportsTheStartThenAtMostOnceASecondAndAlwaysTheEnd() {
        List<TrainingEvent> events = new ArrayList<>();
        DoubleConsumer progress = SetupProgress.of(events::add, "Decoding 3 images");
        progress.accept(1 / 3.0);
        progress.accept(2 / 3.0); // within the same second: not reported
        progress.accept(1.0);
        progress.accept(1.0); // once done, done
        assertThat(events).containsExactly(new TrainingEvent.Preparing("Decoding 3 images", 1 / 3.0),
                new TrainingEvent.Preparing("Decoding 3 images", 1.0));
    }

    @Test
    void aRunOnCachedFeaturesReportsDecodingAndFeaturesBeforeItTrains(@TempDir Path workspace, @TempDir Path run)
            throws Exception {
        // an MLP head trains by epochs on cached features (a linear one would be fitted by the probe)
        Recipe recipe = TestData.smallCnnRecipe("feature-extraction", 1).toBuilder()
                .optHead(new RecipeHead(RecipeHead.Type.MLP, 16, 0)).build();
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, run));
        int started = indexOf(events, TrainingEvent.RunStarted.class);
        int firstBatch = indexOf(events, TrainingEvent.BatchDone.class);
        assertThat(events.subList(0, started)).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                TrainingEvent.Preparing.class, p -> {
                    assertThat(p.message()).startsWith("Decoding").endsWith("training images");
                    assertThat(p.fraction()).isEqualTo(1.0);
                }));
        assertThat(events.subList(started, firstBatch)).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                TrainingEvent.Preparing.class, p -> {
                    assertThat(p.message()).startsWith("Computing the backbone's features");
                    assertThat(p.fraction()).isEqualTo(1.0);
                }));
        assertThat(events).last().isInstanceOf(TrainingEvent.Finished.class);
    }

    @Test
    void aLinearProbeSaysItIsOnePassWhenMoreEpochsWereAskedFor(@TempDir Path workspace, @TempDir Path run) throws Exception {
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace)
                .start(TestData.smallCnnRecipe("feature-extraction", 3), run));
        assertThat(TestData.started(events).epochs()).as("the run is one pass, and says so from its start").isEqualTo(1);
        assertThat(events).filteredOn(TrainingEvent.Notice.class::isInstance).singleElement()
                .satisfies(n -> assertThat(((TrainingEvent.Notice) n).message()).contains("fitted to convergence")
                        .contains("the 3 epochs asked for do not apply"));
        assertThat(events).last().isInstanceOfSatisfying(TrainingEvent.Finished.class,
                f -> assertThat(f.epochsRun()).isEqualTo(1));
    }

    private static int indexOf(List<TrainingEvent> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }
}
