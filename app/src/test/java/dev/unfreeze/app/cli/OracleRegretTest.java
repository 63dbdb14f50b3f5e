package dev.unfreeze.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.unfreeze.training.api.UnfreezeException;
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
                + "shoes-2,1,full,0.8900,70,5.0,full,0.9000,30\n"
                + "shoes-2,1,full,0.8900,70,5.0,linear-probe,0.9200,10\n"
                + "shoes-2,2,full,0.8500,70,5.0,full,0.8600,30\n"
                + "shoes-2,2,full,0.8500,70,5.0,linear-probe,0.9200,10\n"
                + "photos-2,1,bitfit,0.9790,60,4.0,,,\n");

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
    void aTableWithoutItsNumbersSaysWhichLine() throws Exception {
        Files.writeString(dir.resolve(QualityCsv.NAME), QualityCsv.HEADER + "\nshoes-2,1,full,,70,5.0,full,0.9,30\n");

        assertThatThrownBy(() -> QualityCsv.oracleDraws(dir)).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("line 2").hasMessageContaining("no test");
        assertThatThrownBy(() -> QualityCsv.oracleDraws(dir.resolve("elsewhere"))).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("is missing");
    }
}
