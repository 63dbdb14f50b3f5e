package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.export.ModelExporter;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic plan's first model: the linear probe, finished and usable while the search goes on. */
class ProvisionalModelTest {
    @TempDir
    Path workspace;
    @TempDir
    Path runs;

    @Test
    void theProbeIsAFinishedModelBeforeTheSearchEndsAndACancelKeepsIt() throws Exception {
        Recipe recipe = automaticPlan(2);
        Path dir = runs.resolve("auto");
        InProcessTrainingService service = TestData.service(workspace);
        RunHandle handle = service.start(recipe, dir);
        // as a user who takes the first model and stops the search
        List<TrainingEvent> seen = TestData.runToEnd(handle, e -> {
            if (e instanceof TrainingEvent.ModelReady) {
                handle.cancel();
            }
        });
        assertThat(seen).last().isInstanceOf(TrainingEvent.Cancelled.class);
        TrainingEvent.ModelReady ready = seen.stream().filter(TrainingEvent.ModelReady.class::isInstance)
                .map(TrainingEvent.ModelReady.class::cast).findFirst().orElseThrow();
        assertThat(ready.plan()).isEqualTo("linear-probe");
        assertThat(ready.provisional()).isTrue();
        assertThat(ready.heldOutAccuracy()).as("ready before the probe's folds are scored").isNaN();
        assertThat(ready.testAccuracy()).as("the test images are the final run's to score").isNaN();
        assertThat(seen.subList(0, seen.indexOf(ready))).as("the probe's fit does not draw on the run's charts")
                .noneMatch(e -> e instanceof TrainingEvent.RunStarted || e instanceof TrainingEvent.EpochDone
                        || e instanceof TrainingEvent.BatchDone);
        assertThat(seen).noneMatch(e -> e instanceof TrainingEvent.PlanChosen);

        // the folder holds the model; the run is still a search, so resuming it searches again
        RunFolder folder = new RunFolder(dir);
        assertThat(folder.bestCheckpoint()).isRegularFile();
        assertThat(folder.lastCheckpoint()).doesNotExist();
        assertThat(folder.recipe().schedule().text()).isEqualTo("auto:1");
        Path exported = new ModelExporter(new ModelCatalog(new Workspace(workspace))).export(dir, runs.resolve("export"));
        assertThat(exported.resolve("head.safetensors")).isRegularFile();
        assertThat(Files.readAllLines(exported.resolve("synset.txt"))).hasSize(5);

        List<TrainingEvent> resumed = TestData.runToEnd(service.resume(dir));
        assertThat(resumed.get(resumed.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        assertThat(resumed).anyMatch(e -> e instanceof TrainingEvent.PlanChosen);
        assertThat(folder.recipe().schedule().automatic()).isFalse();
    }

    @Test
    void theFirstModelIsTheProbeThatTrainingItAloneGivesFromTheFeaturesTheSearchComputed() throws Exception {
        Path manifest = TestData.sampleWithTestPart(runs);
        Recipe d = RecipeCodec.defaults();
        Recipe.Data data = new Recipe.Data(manifest.toString(), null, 0.2, 0, null);
        Recipe auto = d.withModel("fashion_cnn").withData(data)
                .withPlan(Schedule.parse("auto:1"), null, d.learningRate(), 2, d.batchNorm(), d.augmentation());
        InProcessTrainingService service = TestData.service(workspace);
        RunHandle handle = service.start(auto, runs.resolve("auto"));
        TestData.runToEnd(handle, e -> {
            if (e instanceof TrainingEvent.ModelReady) {
                handle.cancel();
            }
        });
        // the probe as its own run computes the features itself; the search's provisional fit takes the ones its
        // probe scoring computed
        Recipe alone = auto.withData(new Recipe.Data(manifest.toString(), null, 0, 0, null))
                .withPlan(Schedule.parse("feature-extraction"), null, d.learningRate(), 2, d.batchNorm(), d.augmentation());
        TestData.runToEnd(service.start(alone, runs.resolve("alone")));

        CheckpointStore.Loaded provisional = CheckpointStore.read(new RunFolder(runs.resolve("auto")).bestCheckpoint());
        CheckpointStore.Loaded trainedAlone = CheckpointStore.read(new RunFolder(runs.resolve("alone")).bestCheckpoint());
        assertThat(provisional.weights()).as("the same head, to the bit").isEqualTo(trainedAlone.weights());
    }

    @Test
    void aFinalRunStoppedBeforeItsEndLeavesTheFirstModelWithItsOwnRecipe() throws Exception {
        Recipe recipe = automaticPlan(3);
        Path dir = runs.resolve("auto");
        ModelExporter exporter = new ModelExporter(new ModelCatalog(new Workspace(workspace)));
        RunHandle handle = TestData.service(workspace).start(recipe, dir);
        // the first model as the user takes it; then the chosen plan's final run is stopped after its first epoch,
        // as a kill or a cancel would stop it, before it has saved a model of its own
        List<TrainingEvent> seen = TestData.runToEnd(handle, e -> {
            if (e instanceof TrainingEvent.ModelReady) {
                exporter.export(dir, runs.resolve("first"));
            } else if (e instanceof TrainingEvent.EpochDone) {
                handle.cancel();
            }
        });
        assertThat(seen).last().isInstanceOf(TrainingEvent.Cancelled.class);
        String chosen = seen.stream().filter(TrainingEvent.PlanChosen.class::isInstance)
                .map(e -> ((TrainingEvent.PlanChosen) e).report().chosen()).findFirst().orElseThrow();
        assertThat(chosen).as("a fine-tune, whose final run rewrites the folder's recipe").isNotEqualTo("linear-probe");

        RunFolder folder = new RunFolder(dir);
        assertThat(folder.recipe().schedule().automatic()).as("resuming continues the final run").isFalse();
        assertThat(folder.lastCheckpoint()).isRegularFile();
        Path kept = exporter.export(dir, runs.resolve("kept"));
        assertThat(Files.readAllBytes(kept.resolve("head.safetensors"))).as("the first model, to the bit")
                .isEqualTo(Files.readAllBytes(runs.resolve("first").resolve("head.safetensors")));
        assertThat(Files.readString(kept.resolve("MODEL_CARD.md"))).as("described by the recipe it was trained with")
                .contains("Schedule: `" + recipe.schedule().text() + "`");

        List<TrainingEvent> resumed = TestData.runToEnd(TestData.service(workspace).resume(dir));
        assertThat(resumed).last().isInstanceOf(TrainingEvent.Finished.class);
        assertThat(folder.bestCheckpoint()).as("the final run's own model").isRegularFile();
        assertThat(dir.resolve("provisional")).as("the first model is no longer offered").doesNotExist();
    }

    /** The small CNN's automatic plan on the sample with its test part, a final run of this many epochs. */
    private Recipe automaticPlan(int epochs) throws Exception {
        Path manifest = TestData.sampleWithTestPart(runs);
        Recipe d = RecipeCodec.defaults();
        return d.withModel("fashion_cnn").withData(new Recipe.Data(manifest.toString(), null, 0.2, 0, null))
                .withPlan(Schedule.parse("auto:1"), null, d.learningRate(), epochs, d.batchNorm(), d.augmentation());
    }
}
