package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A preset run on a few images a class trains on all of them; from 20 a class a fifth is held out as asked. */
class TinyDataHeldOutTest {
    @Test
    void belowTwentyImagesAClassNothingIsHeldOutAndTheRunSaysWhy(@TempDir Path workspace, @TempDir Path runs) throws Exception {
        Path manifest = firstOfEachClass(10, runs.resolve("ten.csv"));
        Recipe recipe = TestData.smallCnnRecipe("full", 2).withData(new Recipe.Data(manifest.toString(), null, 0.2, 0, null));
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, runs.resolve("ten")));
        TrainingEvent.RunStarted started = TestData.started(events);
        assertThat(started.trainImages()).isEqualTo(50);
        assertThat(started.valImages()).isZero();
        assertThat(events).filteredOn(TrainingEvent.Notice.class::isInstance).singleElement()
                .satisfies(n -> assertThat(((TrainingEvent.Notice) n).message())
                        .startsWith("With 10 images in the smallest class no part is held out"));
        assertThat(events).last().isInstanceOfSatisfying(TrainingEvent.Finished.class,
                f -> assertThat(f.epochsRun()).as("the whole length: nothing to stop early on").isEqualTo(2));

        List<TrainingEvent> twenty = TestData.runToEnd(TestData.service(workspace).start(
                TestData.smallCnnRecipe("full", 1), runs.resolve("twenty")));
        assertThat(TestData.started(twenty).valImages()).isEqualTo(20);
        assertThat(twenty).as("a fitted temperature is an event of its own")
                .noneMatch(TrainingEvent.Notice.class::isInstance);
    }

    private static Path firstOfEachClass(int n, Path manifest) throws Exception {
        StringBuilder csv = new StringBuilder("path,label\n");
        try (var classes = Files.list(TestData.fashionSample())) {
            for (Path c : classes.filter(Files::isDirectory).sorted().toList()) {
                try (var files = Files.list(c)) {
                    for (Path f : files.sorted().limit(n).toList()) {
                        csv.append('"').append(f).append("\",\"").append(c.getFileName()).append("\"\n");
                    }
                }
            }
        }
        Files.writeString(manifest, csv);
        return manifest;
    }
}
