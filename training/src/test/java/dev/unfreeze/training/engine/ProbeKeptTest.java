package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.PlanJson;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An automatic plan whose chosen fine-tune learns nothing in its final run keeps the linear probe as its model. */
class ProbeKeptTest {
    @TempDir
    Path workspace;
    @TempDir
    Path runs;

    @Test
    void aFinalRunThatDivergesLeavesTheProbeAsTheModelWithItsTestScoreAndItsReason() throws Exception {
        // 8 images a class: too few held-out images for the folds to overrule the order, so BitFit is chosen
        // whatever its folds scored; at a rate of 10 every fine-tune diverges
        Path manifest = tinyWithTestPart(8);
        Recipe d = RecipeCodec.defaults();
        Recipe.LearningRate diverging = new Recipe.LearningRate(10, d.learningRate().schedule(),
                d.learningRate().discriminative(), null);
        Recipe recipe = d.withModel("fashion_cnn").withData(new Recipe.Data(manifest.toString(), null, 0.2, 0, null))
                .withPlan(Schedule.parse("auto:3"), null, diverging, 0, d.batchNorm(), d.augmentation());
        Path dir = runs.resolve("diverging");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(recipe, dir));

        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        List<PlanReport> chosen = events.stream().filter(TrainingEvent.PlanChosen.class::isInstance)
                .map(e -> ((TrainingEvent.PlanChosen) e).report()).toList();
        assertThat(chosen).hasSize(2);
        assertThat(chosen.get(0).chosen()).isEqualTo("bitfit");
        assertThat(chosen.get(1).chosen()).isEqualTo("linear-probe");
        assertThat(chosen.get(1).reason()).startsWith("The final run of bitfit learned nothing: its training loss")
                .contains("The linear probe, its fit on every labelled image, is the model instead")
                .endsWith(chosen.get(0).reason());
        assertThat(chosen.get(0).chosenCandidate().orElseThrow().outcome())
                .as("its folds were put after its final run").isEqualTo(PlanReport.Outcome.WAITING);
        assertThat(chosen.get(1).candidates()).isEqualTo(chosen.get(0)
                .withoutTheFoldsAfterItsModel("its final run learned nothing").candidates());
        assertThat(chosen.get(1).candidates()).filteredOn(c -> c.name().equals("bitfit")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("not tried: its final run learned nothing"));
        // the charts keep the final run that failed: the probe's fit adds nothing to them
        int kept = events.indexOf(events.stream().filter(TrainingEvent.PlanChosen.class::isInstance).toList().get(1));
        assertThat(events.subList(kept, events.size())).noneMatch(e -> e instanceof TrainingEvent.RunStarted
                || e instanceof TrainingEvent.EpochDone || e instanceof TrainingEvent.BatchDone);

        // the folder describes the probe throughout: its plan, its recipe, its model and its test score
        RunFolder folder = new RunFolder(dir);
        assertThat(PlanJson.read(Files.readString(folder.planFile())).chosen()).isEqualTo("linear-probe");
        assertThat(folder.recipe().schedule()).isInstanceOf(Schedule.FeatureExtraction.class);
        List<String> probeAnswers = Files.readAllLines(folder.planAnswersFile()).stream()
                .filter(row -> row.startsWith("linear-probe,fold,")).map(row -> row.replace("\"", "")).toList();
        assertThat(folder.predictions()).as("the Results step shows the probe's answers on its folds").isNotEmpty()
                .allSatisfy(p -> assertThat(probeAnswers).anyMatch(row -> row.contains(
                        p.file() + "," + p.actual() + "," + p.predicted() + ",")));
        TrainingEvent.TestEvaluated test = events.stream().filter(TrainingEvent.TestEvaluated.class::isInstance)
                .map(TrainingEvent.TestEvaluated.class::cast).reduce((a, b) -> b).orElseThrow();
        assertThat(events.indexOf(test)).isGreaterThan(kept);
        // measured: the small CNN's probe on 8 images a class scores 0.784 on these 250 images
        assertThat(test.images()).isEqualTo(250);
        assertThat(test.accuracy()).isGreaterThan(0.6);
        assertThat(Files.readString(folder.dir().resolve("test-metrics.json")))
                .contains("\"accuracy\":" + test.accuracy());
    }

    /** The first {@code perClass} images of each class of the bundled sample; its held-out images are the test part. */
    private Path tinyWithTestPart(int perClass) throws Exception {
        List<String> train = Files.readAllLines(TestData.samplePerClass(runs, perClass));
        List<String> withTest = Files.readAllLines(TestData.sampleWithTestPart(runs));
        StringBuilder csv = new StringBuilder("path,label,split\n");
        train.stream().skip(1).forEach(line -> csv.append(line).append(",train\n"));
        withTest.stream().filter(line -> line.endsWith(",test")).forEach(line -> csv.append(line).append('\n'));
        Path manifest = runs.resolve("tiny-with-test.csv");
        Files.writeString(manifest, csv);
        return manifest;
    }
}
