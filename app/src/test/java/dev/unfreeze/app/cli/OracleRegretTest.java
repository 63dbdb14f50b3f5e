package dev.unfreeze.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.runs.RunFolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic plan's regret over seeds, against each plan's mean, read from the quality benchmark's table. */
class OracleRegretTest {
    @TempDir
    Path dir;

    @Test
    void regretIsMeasuredAgainstThePlanBestOnAverageNotEachSeedsLuckiestRun() {
        // Two plans of equal merit that take turns drawing well: each seed's best run is 0.1 above the chosen one,
        // yet always choosing either plan loses nothing on average.
        OracleRegret regret = OracleRegret.of(List.of(
                new OracleRegret.Draw("photos", 1, "bitfit", 0.70, Map.of("bitfit", 0.70, "full", 0.80)),
                new OracleRegret.Draw("photos", 2, "bitfit", 0.80, Map.of("bitfit", 0.80, "full", 0.70))));

        OracleRegret.Task photos = regret.tasks().get(0);
        assertThat(photos.draws()).isEqualTo(2);
        assertThat(photos.regretPerSeed()).isCloseTo(0.05, within(1e-9));
        assertThat(photos.regret()).isCloseTo(0.0, within(1e-9));
        assertThat(photos.chosenPlans()).containsEntry("bitfit", 2L);
        assertThat(regret.always("full").mean()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void aChosenRunAboveEveryCandidateTrainedAloneHasNoRegretRatherThanANegativeOne() {
        // a table from before the final run trained its recipe's own length: it and the same plan trained alone differ;
        // the chosen run is one of the outcomes an oracle could pick, and a negative figure would flatter the mean
        OracleRegret regret = OracleRegret.of(List.of(
                new OracleRegret.Draw("digits", 1, "full", 0.94, Map.of("full", 0.92, "gradual", 0.93)),
                new OracleRegret.Draw("digits", 2, "full", 0.90, Map.of("full", 0.92, "gradual", 0.93))));

        assertThat(regret.tasks().get(0).regretPerSeed()).isCloseTo((0 + 0.03) / 2, within(1e-9));
        assertThat(OracleRegret.regret(0.93, 0.94)).isZero();
        assertThat(OracleRegret.regret(0.94, 0.93)).isCloseTo(0.01, within(1e-9));
    }

    @Test
    void theWorstTaskAndTheAlwaysOnePlanRegretsComeFromThePlanMeans() {
        OracleRegret regret = OracleRegret.of(List.of(
                new OracleRegret.Draw("glyphs", 1, "full", 0.80, Map.of("bitfit", 0.60, "full", 0.82, "linear-probe", 0.70)),
                new OracleRegret.Draw("glyphs", 2, "full", 0.84, Map.of("bitfit", 0.62, "full", 0.86, "linear-probe", 0.72)),
                new OracleRegret.Draw("photos", 1, "bitfit", 0.90, Map.of("bitfit", 0.90, "full", 0.50, "linear-probe", 0.80)),
                new OracleRegret.Draw("photos", 2, "full", 0.52, Map.of("bitfit", 0.94, "full", 0.52, "linear-probe", 0.80))));

        OracleRegret.Task glyphs = regret.tasks().get(0);
        assertThat(glyphs.bestPlan()).isEqualTo("full");
        assertThat(glyphs.bestMean()).isCloseTo(0.84, within(1e-9));
        assertThat(glyphs.regret()).isCloseTo(0.02, within(1e-9));
        OracleRegret.Task photos = regret.tasks().get(1);
        assertThat(photos.planMeans().keySet()).containsExactly("bitfit", "linear-probe", "full");
        assertThat(photos.regret()).isCloseTo(0.92 - 0.71, within(1e-9));

        assertThat(regret.automatic().worstTask()).isEqualTo("photos");
        assertThat(regret.automatic().mean()).isCloseTo((0.02 + 0.21) / 2, within(1e-9));
        assertThat(regret.always("bitfit").worst()).isCloseTo(0.84 - 0.61, within(1e-9));
        assertThat(regret.always("bitfit").worstTask()).isEqualTo("glyphs");
        assertThat(regret.always("full").worstTask()).isEqualTo("photos");
        assertThat(regret.plans()).containsExactly("bitfit", "full", "linear-probe");
        assertThat(regret.always("full").tasks()).isEqualTo(2);
    }

    @Test
    void theBenchmarksTableIsReadBackIntoOneDrawPerTaskAndSeed() throws Exception {
        Files.writeString(dir.resolve(QualityCsv.NAME), QualityCsv.HEADER + "\n"
                + "shoes-2,1,full,0.8900,70,5.0,70,full,0.9000,30\n"
                + "shoes-2,1,full,0.8900,70,5.0,70,linear-probe,0.9200,10\n"
                + "shoes-2,2,full,0.8500,70,5.0,70,full,0.8600,30\n"
                + "shoes-2,2,full,0.8500,70,5.0,70,linear-probe,0.9200,10\n"
                + "photos-2,1,bitfit,0.9790,60,4.0,60,,,\n");

        List<OracleRegret.Draw> draws = QualityCsv.oracleDraws(dir);

        assertThat(draws).hasSize(2);
        assertThat(draws.get(0).candidates()).containsEntry("full", 0.90).containsEntry("linear-probe", 0.92);
        OracleRegret.Task shoes = OracleRegret.of(draws).tasks().get(0);
        assertThat(shoes.bestPlan()).isEqualTo("linear-probe");
        assertThat(shoes.regret()).isCloseTo(0.92 - 0.87, within(1e-9));

        StringWriter printed = new StringWriter();
        RegretBenchCommand.print(OracleRegret.of(draws), new PrintWriter(printed));
        assertThat(printed.toString()).contains("shoes-2", "0.920*", "always linear-probe:",
                "automatic plan: regret mean 0.050, worst 0.050 (shoes-2)");
    }

    @Test
    void theRegretsStandardErrorComesFromTheTestImagesBothRunsAnswered() {
        // per image, the best plan's right answers minus the chosen runs', averaged over the two draws:
        // a 0.5, b 0.5, c 0, d 0.5; their mean 0.375 and its standard error sqrt(0.1875 / 3 / 4) = 0.125
        OracleRegret.Draw first = new OracleRegret.Draw("photos", 1, "bitfit", 0.25, Map.of("bitfit", 0.25, "full", 0.75),
                Map.of("full", answers(true, true, false, true), "bitfit", answers(true, false, false, false)));
        OracleRegret.Draw second = new OracleRegret.Draw("photos", 2, "bitfit", 0.5, Map.of("bitfit", 0.5, "full", 0.75),
                Map.of("full", answers(true, true, true, false), "bitfit", answers(false, true, true, false)));

        OracleRegret.Task photos = OracleRegret.of(List.of(first, second)).tasks().get(0);

        assertThat(photos.regret()).isCloseTo(0.375, within(1e-9));
        assertThat(photos.regretError()).isCloseTo(0.125, within(1e-9));
        assertThat(OracleRegret.pairedError("full", List.of(first, second.withAnswers(Map.of()))))
                .as("a draw without its answers").isNaN();
    }

    private static Map<String, Boolean> answers(boolean a, boolean b, boolean c, boolean d) {
        return Map.of("a.png", a, "b.png", b, "c.png", c, "d.png", d);
    }

    @Test
    void aTableWrittenBeforeTheModelsOwnTimeWasRecordedStillReads() throws Exception {
        Files.writeString(dir.resolve(QualityCsv.NAME),
                "task,seed,plan,test,seconds,first_model_seconds,candidate,candidate_test,candidate_seconds\n"
                        + "shoes-2,1,full,0.8900,70,5.0,full,0.9000,30\n"
                        + "shoes-2,1,full,0.8900,70,5.0,linear-probe,0.9200,10\n");

        assertThat(QualityCsv.oracleDraws(dir)).singleElement().satisfies(d -> {
            assertThat(d.chosenTest()).isEqualTo(0.89);
            assertThat(d.candidates()).containsEntry("full", 0.90).containsEntry("linear-probe", 0.92);
        });
    }

    @Test
    void theAnswersAreReadFromTheRunFoldersBesideTheTable() throws Exception {
        Files.writeString(dir.resolve(QualityCsv.NAME), QualityCsv.HEADER + "\n"
                + "shoes-2,1,full,0.5000,70,5.0,70,full,0.5000,30\n"
                + "shoes-2,1,full,0.5000,70,5.0,70,linear-probe,1.0000,10\n"
                + "shoes-2,2,full,0.5000,70,5.0,70,full,0.5000,30\n"
                + "shoes-2,2,full,0.5000,70,5.0,70,linear-probe,1.0000,10\n");
        for (int seed : new int[] {1, 2}) {
            Path task = dir.resolve("shoes-2").resolve("seed-" + seed);
            // the chosen plan's answers are its final run's, in default/; the others' in oracle-NAME/
            testAnswers(task.resolve("default"), seed == 1 ? "shoe" : "boot", seed == 1 ? "shoe" : "boot");
            testAnswers(task.resolve("oracle-linear-probe"), "shoe", "boot");
        }

        List<OracleRegret.Draw> draws = QualityCsv.oracleDraws(dir.resolve(QualityCsv.NAME));

        assertThat(draws.get(0).answers()).containsOnlyKeys("full", "linear-probe");
        assertThat(draws.get(1).answers().get("full")).containsEntry(dir.resolve("a.png").toString(), false)
                .containsEntry(dir.resolve("b.png").toString(), true);
        OracleRegret.Task shoes = OracleRegret.of(draws).tasks().get(0);
        assertThat(shoes.regret()).isCloseTo(0.5, within(1e-9));
        // leads of 0.5 (b at seed 1 and a at seed 2 wrong): both images 0.5 ahead, no spread
        assertThat(shoes.regretError()).isCloseTo(0.0, within(1e-9));
        StringWriter printed = new StringWriter();
        RegretBenchCommand.print(OracleRegret.of(draws), new PrintWriter(printed));
        assertThat(printed.toString()).contains("its SE");
    }

    /** A run folder's answers on two test images, a.png (a shoe) and b.png (a boot). */
    private void testAnswers(Path run, String saidOfA, String saidOfB) throws Exception {
        Files.createDirectories(run);
        new RunFolder(run).writeTestPredictions(List.of(
                new ValidationPrediction(dir.resolve("a.png").toString(), "shoe", saidOfA, 0.9),
                new ValidationPrediction(dir.resolve("b.png").toString(), "boot", saidOfB, 0.9)));
    }

    @Test
    void aTableWithoutItsNumbersSaysWhichLine() throws Exception {
        Files.writeString(dir.resolve(QualityCsv.NAME),
                QualityCsv.HEADER + "\nshoes-2,1,full,,70,5.0,70,full,0.9,30\n");

        assertThatThrownBy(() -> QualityCsv.oracleDraws(dir)).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("line 2").hasMessageContaining("no test");
        assertThatThrownBy(() -> QualityCsv.oracleDraws(dir.resolve("elsewhere"))).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("is missing");
    }
}
