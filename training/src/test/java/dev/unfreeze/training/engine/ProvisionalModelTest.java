package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
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
        Path manifest = sampleWithTestPart();
        Recipe d = RecipeCodec.defaults();
        Recipe recipe = d.withModel("fashion_cnn").withData(new Recipe.Data(manifest.toString(), null, 0.2, 0, null))
                .withPlan("auto:1", null, d.learningRate(), 2, d.batchNorm(), d.augmentation());
        Path dir = runs.resolve("auto");
        InProcessTrainingService service = TestData.service(workspace);
        RunHandle handle = service.start(recipe, dir);
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        handle.events().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(TrainingEvent e) {
                events.add(e);
                if (e instanceof TrainingEvent.ModelReady) {
                    handle.cancel(); // as a user who takes the first model and stops the search
                }
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        });
        TrainingEvent last = handle.completion().get(10, TimeUnit.MINUTES);
        assertThat(last).isInstanceOf(TrainingEvent.Cancelled.class);

        List<TrainingEvent> seen = new ArrayList<>(events);
        TrainingEvent.ModelReady ready = seen.stream().filter(TrainingEvent.ModelReady.class::isInstance)
                .map(TrainingEvent.ModelReady.class::cast).findFirst().orElseThrow();
        assertThat(ready.plan()).isEqualTo("linear-probe");
        assertThat(ready.provisional()).isTrue();
        assertThat(ready.heldOutAccuracy()).isBetween(0.5, 1.0);
        assertThat(ready.testAccuracy()).as("the test images are the final run's to score").isNaN();
        assertThat(seen.subList(0, seen.indexOf(ready))).as("the probe's fit does not draw on the run's charts")
                .noneMatch(e -> e instanceof TrainingEvent.RunStarted || e instanceof TrainingEvent.EpochDone
                        || e instanceof TrainingEvent.BatchDone);
        assertThat(seen).noneMatch(e -> e instanceof TrainingEvent.PlanChosen);

        // the folder holds the model; the run is still a search, so resuming it searches again
        RunFolder folder = new RunFolder(dir);
        assertThat(folder.bestCheckpoint()).isRegularFile();
        assertThat(folder.lastCheckpoint()).doesNotExist();
        assertThat(folder.recipe().schedule()).isEqualTo("auto:1");
        Path exported = new ModelExporter(new ModelCatalog(new Workspace(workspace))).export(dir, runs.resolve("export"));
        assertThat(exported.resolve("head.safetensors")).isRegularFile();
        assertThat(Files.readAllLines(exported.resolve("synset.txt"))).hasSize(5);

        List<TrainingEvent> resumed = TestData.runToEnd(service.resume(dir));
        assertThat(resumed.get(resumed.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        assertThat(resumed).anyMatch(e -> e instanceof TrainingEvent.PlanChosen);
        assertThat(folder.recipe().schedule()).doesNotStartWith("auto");
    }

    /** The bundled sample to train on, its 250 held-out images as the test part. */
    private Path sampleWithTestPart() throws Exception {
        StringBuilder csv = new StringBuilder("path,label,split\n");
        for (var part : List.of(Map.entry(TestData.fashionSample(), "train"), Map.entry(TestData.fashionHeldOut(), "test"))) {
            try (var files = Files.walk(part.getKey())) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    csv.append('"').append(f).append("\",\"").append(f.getParent().getFileName()).append("\",")
                            .append(part.getValue()).append('\n');
                }
            }
        }
        Path manifest = runs.resolve("sample-and-heldout.csv");
        Files.writeString(manifest, csv);
        return manifest;
    }
}
