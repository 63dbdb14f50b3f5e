package dev.unfreeze.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.app.Main;
import dev.unfreeze.training.TestProperty;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DefaultsAndRateFinderCommandTest {
    @TempDir
    Path dir;

    static Path sample() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("assets/samples/fashion-mnist-5-9"))) {
                return d.resolve("assets/samples/fashion-mnist-5-9");
            }
        }
        throw new IllegalStateException("no sample dataset");
    }

    @Test
    void trainWithOnlyModelAndDataRunsTheSharedDefaultRecipe() throws Exception {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs("--model", "fashion_cnn", "--data", sample().toString());
        Recipe d = RecipeCodec.defaults();
        // the same expression the workbench's test compares its recipe with
        assertThat(command.recipe()).isEqualTo(d.withModel("fashion_cnn")
                .withData(new Recipe.Data(sample().toString(), null, d.data().valFraction(), 0, null)));
        assertThat(command.recipe().schedule().text()).isEqualTo("auto");
    }

    @Test
    void theBudgetBelongsToTheAutomaticPlanOnly() throws Exception {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs("--data", sample().toString(), "--budget", "5");
        assertThat(command.recipe().schedule().text()).isEqualTo("auto:5");
        TrainCommand wrong = new TrainCommand();
        new CommandLine(wrong).parseArgs("--data", sample().toString(), "--schedule", "full", "--budget", "2");
        org.assertj.core.api.Assertions.assertThatThrownBy(wrong::recipe).hasMessageContaining("--budget applies to --schedule auto");
    }

    @Test
    void anUnreadableBudgetIsASentenceNotAStackTraceAndTheScheduleSpellingIsAccepted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "quality", "--budget", "soon",
                "--out", dir.resolve("bench").toString());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("unfreeze: --budget: the search budget 'soon' is neither a number")
                .doesNotContain("Exception").doesNotContain("\tat ");
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs("--data", sample().toString(), "--budget", "auto:3");
        assertThat(command.recipe().schedule().text()).isEqualTo("auto:3");
    }

    @Test
    void aRecipeFileThatIsNotThereIsNamedNotAStackTrace() {
        for (String[] command : new String[][] {{"bench", "quality", "--recipe", dir.resolve("gone.json").toString(),
                "--out", dir.resolve("bench").toString()}, {"train", "--recipe", dir.resolve("gone.json").toString(),
                "--data", sample().toString()}}) {
            StringWriter err = new StringWriter();
            assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), command)).isEqualTo(1);
            assertThat(err.toString()).as(command[0]).isEqualTo("unfreeze: no such file or folder: " + dir.resolve("gone.json")
                    + System.lineSeparator());
        }
    }

    @Test
    void theBenchmarksRecipeNeedsNoDataButItsOtherValuesAreChecked() throws Exception {
        Path noData = Files.writeString(dir.resolve("no-data.json"), "{\"augmentation\": {\"flip\": true, \"translate\": 0.1}}");
        Path badRate = Files.writeString(dir.resolve("bad-rate.json"), "{\"learningRate\": {\"base\": -1}}");
        Path noBenchmark = dir.resolve("no-benchmark");
        StringWriter err = new StringWriter();
        Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "bench", "quality", "--recipe",
                noData.toString(), "--data", noBenchmark.toString(), "--out", dir.resolve("bench").toString());
        assertThat(err.toString()).as("read, then the missing benchmark is what stops it")
                .contains(noBenchmark.resolve("tasks.csv") + " is missing").doesNotContain("data.train");
        err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "bench", "quality",
                "--recipe", badRate.toString(), "--data", noBenchmark.toString(), "--out", dir.resolve("bench").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("learningRate.base").doesNotContain("data.train").doesNotContain("\tat ");
    }

    @Test
    void lrFindPrintsAFiniteRateInsideItsSweepAndWritesTheCurve() throws Exception {
        TestProperty home = new TestProperty("unfreeze.home");
        home.set(dir.resolve("home").toString());
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "lr-find", "--model", "fashion_cnn",
                    "--data", sample().toString(), "--steps", "30", "--json", "--out", dir.toString());
            assertThat(status).as(err.toString()).isZero();
            JsonNode curve = new ObjectMapper().readTree(out.toString());
            double suggested = curve.get("suggested").asDouble();
            assertThat(suggested).isFinite().isBetween(curve.get("rates").get(0).asDouble(),
                    curve.get("rates").get(curve.get("rates").size() - 1).asDouble());
            assertThat(Files.readAllLines(dir.resolve("lr-find.csv"))).first().isEqualTo("step,rate,loss,smoothed");
            assertThat(Files.readAllLines(dir.resolve("lr-find.csv"))).hasSize(curve.get("rates").size() + 1);
            assertThat(ImageIO.read(dir.resolve("lr-find.png").toFile()).getWidth()).isEqualTo(800);
        } finally {
            home.restore();
        }
    }
}
