package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class of two images gives the automatic plan two folds, each of which trains on one of its images: the
 * fine-tunes' fold runs train there as the probe's folds do, instead of failing as a dataset too small.
 */
class TwoImageClassTest {
    @TempDir
    Path workspace;
    @TempDir
    Path runs;

    @Test
    void theFineTunesFoldRunsTrainOnAClassOfOneImage() throws Exception {
        List<String> rows = Files.readAllLines(TestData.samplePerClass(runs, 8));
        String lastClass = rows.get(rows.size() - 1).replaceAll(".*,", "");
        List<String> kept = new ArrayList<>(rows.stream().filter(row -> !row.endsWith("," + lastClass)).toList());
        kept.addAll(rows.stream().filter(row -> row.endsWith("," + lastClass)).limit(2).toList());
        Path manifest = runs.resolve("two-in-one-class.csv");
        Files.write(manifest, kept);
        Recipe d = RecipeCodec.defaults();
        Recipe recipe = d.withModel("fashion_cnn").withData(new Recipe.Data(manifest.toString(), null, 0.2, 0, null))
                .withPlan(Schedule.parse("auto:3"), null, d.learningRate(), 0, d.batchNorm(), d.augmentation());

        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, runs.resolve("run")));

        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        PlanReport report = events.stream().filter(TrainingEvent.PlanChosen.class::isInstance)
                .map(e -> ((TrainingEvent.PlanChosen) e).report()).findFirst().orElseThrow();
        assertThat(report.folds()).isEqualTo(2);
        assertThat(report.candidates()).noneMatch(c -> c.outcome() == PlanReport.Outcome.FAILED);
        assertThat(report.candidates()).filteredOn(c -> !c.name().equals("linear-probe"))
                .anySatisfy(c -> assertThat(c.foldsScored()).isPositive());
    }
}
