package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.EventJson;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the event stream shows of a schedule: thaws, the feature cache, epochs and checkpoints. */
class ScheduleEventsTest {

    @Test
    void gradualThawsExactlyOneGroupPerEpochFromTheTop(@TempDir Path workspace, @TempDir Path run) throws Exception {
        List<TrainingEvent> events = TestData.runToEnd(
                TestData.service(workspace).start(TestData.smallCnnRecipe("gradual", 4), run));

        List<TrainingEvent.GroupThawed> thaws = events.stream().filter(TrainingEvent.GroupThawed.class::isInstance)
                .map(TrainingEvent.GroupThawed.class::cast).toList();
        assertThat(thaws).containsExactly(
                new TrainingEvent.GroupThawed(1, 2, "block3"),
                new TrainingEvent.GroupThawed(2, 1, "block2"),
                new TrainingEvent.GroupThawed(3, 0, "block1"));

        // Epoch 0 trains the head alone on cached backbone features; the cache goes when a group thaws.
        List<TrainingEvent.BatchDone> batches = events.stream().filter(TrainingEvent.BatchDone.class::isInstance)
                .map(TrainingEvent.BatchDone.class::cast).toList();
        assertThat(batches.stream().filter(b -> b.epoch() == 0)).isNotEmpty().allMatch(TrainingEvent.BatchDone::cachedFeatures);
        assertThat(batches.stream().filter(b -> b.epoch() > 0)).isNotEmpty().noneMatch(TrainingEvent.BatchDone::cachedFeatures);
        // each step reports every group's rate, null while the group is frozen (no discriminative rates: the head's)
        for (TrainingEvent.BatchDone b : batches) {
            assertThat(b.groupRates()).as("step " + b.step()).hasSize(3);
            for (int g = 0; g < 3; g++) {
                boolean thawed = b.epoch() >= 3 - g;
                assertThat(b.groupRates().get(g)).as("step %d group %d", b.step(), g)
                        .isEqualTo(thawed ? Double.valueOf(b.learningRate()) : null);
            }
        }

        List<TrainingEvent.EpochDone> epochs = events.stream().filter(TrainingEvent.EpochDone.class::isInstance)
                .map(TrainingEvent.EpochDone.class::cast).toList();
        assertThat(epochs).extracting(TrainingEvent.EpochDone::epoch).containsExactly(0, 1, 2, 3);
        assertThat(epochs).extracting(TrainingEvent.EpochDone::trainableParameters).isSorted();
        TrainingEvent.EpochDone last = epochs.get(3);
        assertThat(last.perClass()).hasSize(5);
        assertThat(last.confusion()).hasDimensions(5, 5);
        assertThat(java.util.Arrays.stream(last.confusion()).flatMapToInt(java.util.Arrays::stream).sum()).isEqualTo(20);

        // The run folder has the same events, the recipe it ran, and its checkpoints.
        RunFolder folder = new RunFolder(run);
        assertThat(folder.events().stream().map(EventJson::write)).containsExactlyElementsOf(
                events.stream().map(EventJson::write).toList());
        Recipe ran = folder.recipe();
        assertThat(ran.data().fingerprint()).startsWith("sha256:");
        // with what its head read decided (the small CNN has no stage features)
        Recipe asked = TestData.smallCnnRecipe("gradual", 4);
        assertThat(ran.withData(ran.data().withFingerprint(null)))
                .isEqualTo(asked.withHead(asked.head().withFeatures(RecipeHead.Features.LAST_GROUP)));
        assertThat(folder.lastCheckpoint()).isRegularFile();
        assertThat(folder.bestCheckpoint()).isRegularFile();
        assertThat(folder.info().trainFiles()).hasSize(80);
        assertThat(folder.info().valFiles()).hasSize(20);
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);

        // Without early stopping the run's model is the end of its schedule, saved as the best checkpoint once, and
        // what it reports is that epoch's validation score, not the best of four (an optimistic pick).
        TrainingEvent.Finished finished = (TrainingEvent.Finished) events.get(events.size() - 1);
        assertThat(finished.bestEpoch()).isEqualTo(3);
        assertThat(finished.bestValAccuracy()).isEqualTo(last.valAccuracy());
        assertThat(events).filteredOn(e -> e instanceof TrainingEvent.CheckpointSaved c && c.best())
                .singleElement().extracting(e -> ((TrainingEvent.CheckpointSaved) e).epoch()).isEqualTo(3);
        // The kept epoch's prediction per validation image agrees with that epoch's confusion matrix.
        int[][] best = epochs.get(finished.bestEpoch()).confusion();
        List<dev.unfreeze.training.api.ValidationPrediction> predictions = folder.predictions();
        assertThat(predictions).hasSize(20).allMatch(p -> p.confidence() > 0 && p.confidence() <= 1);
        List<String> classes = folder.info().classes();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                String actual = classes.get(i);
                String predicted = classes.get(j);
                assertThat(predictions.stream().filter(p -> p.actual().equals(actual) && p.predicted().equals(predicted)))
                        .hasSize(best[i][j]);
            }
        }
    }

    @Test
    void earlyStoppingEndsTheRunAfterPatienceEpochsWithoutImprovement(@TempDir Path workspace, @TempDir Path run)
            throws Exception {
        dev.unfreeze.training.api.Recipe d = TestData.smallCnnRecipe("feature-extraction", 40);
        // A large constant rate makes the validation loss bounce, so it soon stops improving. (An MLP head
        // trains by epochs; a linear one on fixed features would be fitted to convergence in one go.)
        dev.unfreeze.training.api.Recipe recipe = d.toBuilder()
                .optHead(new dev.unfreeze.training.api.RecipeHead(dev.unfreeze.training.api.RecipeHead.Type.MLP, 32, 0))
                .optLearningRate(new dev.unfreeze.training.api.Recipe.LearningRate(0.5,
                        dev.unfreeze.training.api.Recipe.LearningRate.Schedule.CONSTANT,
                        dev.unfreeze.training.api.Recipe.LearningRate.Discriminative.NONE, null))
                .optOptimizer(new dev.unfreeze.training.api.Recipe.Optimizer(dev.unfreeze.training.api.Recipe.Optimizer.Type.SGD, 0.9, 0))
                .optEarlyStopping(new dev.unfreeze.training.api.Recipe.EarlyStopping(
                        dev.unfreeze.training.api.Recipe.EarlyStopping.Metric.VAL_LOSS, 2))
                .build();
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, run));

        TrainingEvent.Finished finished = (TrainingEvent.Finished) events.get(events.size() - 1);
        assertThat(finished.stoppedEarly()).isTrue();
        assertThat(finished.epochsRun()).isLessThan(40).isEqualTo(finished.bestEpoch() + 3);
        List<Double> losses = events.stream().filter(TrainingEvent.EpochDone.class::isInstance)
                .map(e -> ((TrainingEvent.EpochDone) e).valLoss()).toList();
        double best = losses.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(losses.get(finished.bestEpoch())).isEqualTo(best);
        assertThat(losses.subList(finished.bestEpoch() + 1, losses.size())).allMatch(l -> l >= best);
    }
}
