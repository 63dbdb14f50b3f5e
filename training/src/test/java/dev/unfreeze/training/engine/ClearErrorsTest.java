package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unfreeze.training.api.RunStatus;
import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.InvalidRecipeException;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes wrong is said in plain words, as the run's last event, never as a crash. */
class ClearErrorsTest {
    @TempDir
    Path workspace;

    private TrainingEvent.Failed failure(Recipe recipe, Path run) throws Exception {
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, run));
        // it fails before it starts: reading the dataset may have reported progress, nothing else
        assertThat(events.subList(0, events.size() - 1)).allMatch(TrainingEvent.Preparing.class::isInstance);
        return (TrainingEvent.Failed) events.get(events.size() - 1);
    }

    @Test
    void aMissingModelFileIsNamedBeforeARunFolderExists(@TempDir Path dir) {
        Path run = dir.resolve("run");
        assertThatThrownBy(() -> TestData.service(workspace).start(
                TestData.smallCnnRecipe("full", 1).withModel("/nowhere/model.pt"), run))
                .isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("no model '/nowhere/model.pt'").hasMessageContaining("mobilenet_v2")
                .hasMessageContaining("fashion_cnn");
        assertThat(run).doesNotExist();
    }

    @Test
    void aCorruptModelFileIsRecognisedAsSuch(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("broken.pt");
        Files.write(corrupt, "PK\u0003\u0004 this is not TorchScript".getBytes());
        Path run = dir.resolve("run");
        assertThatThrownBy(() -> TestData.service(workspace).start(
                TestData.smallCnnRecipe("full", 1).withModel(corrupt.toString()), run))
                .isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("broken.pt is not a TorchScript archive or is damaged")
                .hasMessageContaining("torch.jit.script");
        assertThat(run).doesNotExist();
    }

    @Test
    void anInvalidRecipeIsRefusedBeforeAnythingStarts(@TempDir Path run) {
        Recipe d = TestData.smallCnnRecipe("full", 1);
        Recipe bad = d.toBuilder().optSchedule(Schedule.parse("melt")).optEpochs(-1).build();
        assertThatThrownBy(() -> TestData.service(workspace).start(bad, run)).isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("unknown schedule 'melt'").hasMessageContaining("'epochs' must be 0 (enough optimiser steps for the data) or between 1 and 10000");
        assertThat(run.resolve("recipe.json")).doesNotExist();
    }

    @Test
    void aDatasetWithOneClassOrAnEmptyClassCannotTrain(@TempDir Path dir) throws Exception {
        Path oneClass = dir.resolve("one");
        Files.createDirectories(oneClass.resolve("cats"));
        Files.copy(TestData.fashionSample().resolve("Bag").resolve("train-00100.png"), oneClass.resolve("cats/a.png"));
        Recipe recipe = TestData.smallCnnRecipe("full", 1);
        TrainingEvent.Failed f = failure(recipe.toBuilder().setData(oneClass.toString()).build(), dir.resolve("run1"));
        assertThat(f.message()).contains("found 1 class(es) with readable images; a classifier needs at least two")
                .contains("'cats' has 1 readable image");
        dev.unfreeze.training.runs.RunSummary listed = dev.unfreeze.training.runs.RunSummary.of(dir.resolve("run1"));
        assertThat(listed.status()).as("a run that could not start is listed as failed").isEqualTo(RunStatus.FAILED);
        assertThat(listed.message()).contains("a classifier needs at least two");
        assertThat(listed.resumable()).as("resuming would fail the same way").isFalse();

        Files.createDirectories(oneClass.resolve("dogs"));
        f = failure(recipe.toBuilder().setData(oneClass.toString()).build(), dir.resolve("run2"));
        assertThat(f.message()).contains("the class 'dogs' has no files; skipped");
    }

    @Test
    void thawEpochsMustMatchTheModelsGroups(@TempDir Path run) throws Exception {
        TrainingEvent.Failed f = failure(TestData.smallCnnRecipe("full", 1).withThawEpochs(List.of(0, 1)), run);
        assertThat(f.message()).contains("'thawEpochs' has 2 entries but the model has 3 layer groups");
    }
}
