package dev.unfreeze.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The closing line of a run in the terminal reads as a sentence: one epoch, several epochs, stopped early. */
class ProgressPrinterTest {
    private static String finished(TrainingEvent.Finished event) {
        StringWriter out = new StringWriter();
        new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false).onNext(event);
        return out.toString().strip();
    }

    @Test
    void theOpeningLineCountsEpochsInWords() {
        StringWriter out = new StringWriter();
        new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false).onNext(new TrainingEvent.RunStarted(
                "mobilenet_v2", "cpu()", java.util.List.of("a", "b"), java.util.List.of("block1"), 52, 12, 1, 0, 2, null));
        assertThat(out.toString()).contains("52 training and 12 validation images, 1 epoch" + System.lineSeparator());
    }

    @Test
    void theClosingLineCountsEpochsInWords() {
        assertThat(finished(new TrainingEvent.Finished(1, 0.6667, 1.94, 0, false)))
                .isEqualTo("finished after 1 epoch: best val accuracy 0.6667 (epoch 1)");
        assertThat(finished(new TrainingEvent.Finished(7, 0.9, 0.3, 4, true)))
                .isEqualTo("finished after 7 epochs (stopped early): best val accuracy 0.9000 (epoch 5)");
        assertThat(finished(new TrainingEvent.Finished(1, Double.NaN, Double.NaN, 0, false)))
                .isEqualTo("finished after 1 epoch, trained on every image (no image was held out to score it: unfreeze"
                        + " evaluate scores it on labelled images)");
    }

    @Test
    void aPlanScoredOnFoldsIsCitedAtTheEndAndOneChosenUntriedIsNot() {
        for (PlanReport.Outcome outcome : new PlanReport.Outcome[] {PlanReport.Outcome.SCORED,
                PlanReport.Outcome.NOT_TRIED}) {
            StringWriter out = new StringWriter();
            ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false);
            Recipe recipe = RecipeCodec.defaults();
            printer.onNext(new TrainingEvent.PlanChosen(new PlanReport("bitfit", "why", 5, 0, 10, 9, null, java.util.List.of(
                    new PlanReport.Candidate("bitfit", "bitfit", outcome, "status", 0.8, 0.1, 0.4, 1, 5,
                            java.util.List.of(0.8), recipe)))));
            printer.onNext(new TrainingEvent.Finished(50, Double.NaN, Double.NaN, 49, false));
            assertThat(out.toString().lines().reduce((first, second) -> second).orElseThrow()).as(outcome.name())
                    .endsWith(outcome == PlanReport.Outcome.SCORED ? "(the plan's folds scored it)"
                            : "(no image was held out to score it: unfreeze evaluate scores it on labelled images)");
        }
    }

    @Test
    void aResumedFinalRunCitesTheFoldsOfThePlanTheFirstProcessChose() {
        Recipe recipe = RecipeCodec.defaults();
        for (PlanReport.Outcome outcome : new PlanReport.Outcome[] {PlanReport.Outcome.SCORED,
                PlanReport.Outcome.NOT_TRIED}) {
            StringWriter out = new StringWriter();
            ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false);
            // the folder's plan.json; the resumed process is not sent the plan again
            printer.resuming(new PlanReport("bitfit", "why", 5, 0, 10, 9, null, java.util.List.of(
                    new PlanReport.Candidate("bitfit", "bitfit", outcome, "status", 0.8, 0.1, 0.4, 1, 5,
                            java.util.List.of(0.8), recipe))));
            printer.onNext(new TrainingEvent.Finished(50, Double.NaN, Double.NaN, 49, false));
            assertThat(out.toString().lines().reduce((first, second) -> second).orElseThrow()).as(outcome.name())
                    .endsWith(outcome == PlanReport.Outcome.SCORED ? "(the plan's folds scored it)"
                            : "(no image was held out to score it: unfreeze evaluate scores it on labelled images)");
        }
    }

    @Test
    void aPlanChosenAgainAfterItsFinalRunSaysWhyWithoutTheTableAgain() {
        StringWriter out = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false);
        java.util.List<PlanReport.Candidate> rows = java.util.List.of(new PlanReport.Candidate("bitfit", "bitfit",
                PlanReport.Outcome.SCORED, "status", 0.8, 0.1, 0.4, 1, 5, java.util.List.of(0.8),
                RecipeCodec.defaults()));
        printer.onNext(new TrainingEvent.PlanChosen(new PlanReport("bitfit", "the folds", 5, 1, 10, 9, null, rows)));
        int tableLines = (int) out.toString().lines().count();
        printer.onNext(new TrainingEvent.PlanChosen(new PlanReport("linear-probe", "bitfit learned nothing", 5, 1, 10,
                9, null, rows)));
        assertThat(out.toString().lines().skip(tableLines)).containsExactly("chosen instead: bitfit learned nothing");
        assertThat(tableLines).isGreaterThan(2);
    }

    @Test
    void theSamePlanReportedAgainWithItsScoreOnTheFoldsThatFollowedItsModelPrintsItsTableAgain() {
        StringWriter out = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false);
        Recipe recipe = RecipeCodec.defaults();
        printer.onNext(new TrainingEvent.PlanChosen(new PlanReport("full", "its model trains first", 5, 0, 10, 9, null,
                java.util.List.of(new PlanReport.Candidate("full", "full", PlanReport.Outcome.WAITING, "waiting",
                        Double.NaN, Double.NaN, Double.NaN, 0, 0, java.util.List.of(), recipe)))));
        printer.onNext(new TrainingEvent.ModelReady("full", false, Double.NaN, Double.NaN, 124.4));
        int before = (int) out.toString().lines().count();
        printer.onNext(new TrainingEvent.PlanChosen(new PlanReport("full", "full scored 0.700", 5, 1, 10, 9, null,
                java.util.List.of(new PlanReport.Candidate("full", "full", PlanReport.Outcome.SCORED, "scored", 0.7,
                        0.1, 0.8, 1, 80, java.util.List.of(0.7), recipe)))));
        printer.onNext(new TrainingEvent.Finished(50, Double.NaN, Double.NaN, 49, false));
        java.util.List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(before - 1)).isEqualTo("final model ready after 124 s: full (it predicts and exports now;"
                + " its score on the held-out folds follows)");
        assertThat(lines.get(before)).isEqualTo("the plan, now scored on its folds:");
        assertThat(lines.subList(before, lines.size())).noneMatch(l -> l.startsWith("chosen instead"))
                .anyMatch(l -> l.contains("full scored 0.700"));
        assertThat(lines.get(lines.size() - 1)).endsWith("(the plan's folds scored it)");
    }

    @Test
    void aRunThatLearnedNothingIsWarnedAboutBeforeItsClosingLine() {
        StringWriter out = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false);
        printer.onNext(new TrainingEvent.NotLearned(true, "its training loss became NaN"));
        printer.onNext(new TrainingEvent.Finished(4, 0.2, 1.6, 0, false));
        assertThat(out.toString().lines()).hasSize(2).first().asString()
                .isEqualTo("warning: This run diverged: its training loss became NaN. Train again with"
                        + " a learning rate ten times lower (the automatic plan chooses its rate itself).");
    }

    @Test
    void groupsThatStartTrainingTogetherAreSaidInOneLine() {
        StringWriter out = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false);
        for (int g = 18; g >= 0; g--) {
            printer.onNext(new TrainingEvent.GroupThawed(0, g, "features." + g));
        }
        printer.onNext(new TrainingEvent.GroupThawed(2, 2, "block3"));
        printer.onNext(new TrainingEvent.GroupThawed(4, 1, "block2"));
        printer.onNext(new TrainingEvent.GroupThawed(4, 0, "block1"));
        printer.onNext(new TrainingEvent.Finished(5, Double.NaN, Double.NaN, 4, false));
        assertThat(out.toString().lines()).containsExactly("epoch 1: 19 groups thaw (features.18 to features.0)",
                "epoch 3: block3 thaws", "epoch 5: block2 and block1 thaw",
                "finished after 5 epochs, trained on every image (no image was held out to score it: unfreeze evaluate"
                        + " scores it on labelled images)");
    }

    @Test
    void theTemperatureTheModelKeepsIsSaidOnceBeforeTheClosingLine() {
        StringWriter out = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false);
        printer.onNext(new TrainingEvent.TemperatureFitted(1.4, 20));
        printer.onNext(new TrainingEvent.TemperatureFitted(1.84, 20));
        printer.onNext(new TrainingEvent.Cancelled(3, 0));
        assertThat(out.toString().lines()).containsExactly("note: " + new TrainingEvent.TemperatureFitted(1.84, 20)
                .message(), "cancelled in epoch 4; the last checkpoint is intact (resume with --resume)");
        assertThat(out.toString()).contains("divided by 1.84").doesNotContain("1.40");

        StringWriter kept = new StringWriter();
        printer = new ProgressPrinter(new PrintWriter(kept), new PrintWriter(new StringWriter()), false);
        printer.onNext(new TrainingEvent.TemperatureFitted(1.84, 20));
        printer.onNext(new TrainingEvent.TemperatureFitted(1, 20));
        printer.onNext(new TrainingEvent.Finished(5, 0.9, 0.3, 4, false));
        assertThat(kept.toString().lines()).as("the last best checkpoint keeps its scores")
                .containsExactly("finished after 5 epochs: best val accuracy 0.9000 (epoch 5)");
    }

    @Test
    void theProvisionalModelIsAnnouncedWithItsScores() {
        StringWriter out = new StringWriter();
        new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false)
                .onNext(new TrainingEvent.ModelReady("linear-probe", true, 0.825, 0.8467, 12.4));
        assertThat(out.toString().strip()).isEqualTo("provisional model ready after 12 s: linear-probe, 0.825 on the held-out "
                + "folds, 0.847 on the test images (it predicts and exports now; the search goes on)");
    }

    @Test
    void aFirstModelReadyBeforeItsFoldsAreScoredSaysTheScoreFollows() {
        StringWriter out = new StringWriter();
        new ProgressPrinter(new PrintWriter(out), new PrintWriter(new StringWriter()), false)
                .onNext(new TrainingEvent.ModelReady("linear-probe", true, Double.NaN, Double.NaN, 8.2));
        assertThat(out.toString().strip()).isEqualTo("provisional model ready after 8 s: linear-probe (it predicts and "
                + "exports now; its score on the held-out folds and the search follow)");
    }
}
