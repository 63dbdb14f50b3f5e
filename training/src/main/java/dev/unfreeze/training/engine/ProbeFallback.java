package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.runs.PlanJson;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;

/**
 * The linear probe, kept ready to become the model when the fine-tune the search chose learns nothing in its final
 * run, which trains on every image with none held out to show it: the probe's fit is convex and cannot diverge, and
 * its folds scored it.
 *
 * @param probeName the probe's name on the leaderboard
 * @param probe the probe's final recipe (every labelled image, the model's own input size)
 * @param chosen the plan the search chose, as {@code plan.json} has it
 * @param probeAnswers the probe's answers on the folds its leaderboard row reports, for the Results step
 */
record ProbeFallback(String probeName, Recipe probe, PlanReport chosen, List<ValidationPrediction> probeAnswers) {
    ProbeFallback {
        probeAnswers = List.copyOf(probeAnswers);
    }

    /**
     * Makes the probe the run's plan: rewrites {@code plan.json} (the probe chosen, and why) and the held-out answers
     * the Results step shows, and says so (the plan chosen again, with the reason).
     *
     * @param why what showed that the chosen plan's final run learned nothing
     * @return the recipe to train instead
     */
    Recipe apply(RunFolder folder, String why, Consumer<TrainingEvent> events) throws IOException {
        String sentence = "The final run of " + chosen.chosen() + " learned nothing: " + why + ". The linear probe, its"
                + " fit on every labelled image, is the model instead.";
        PlanReport kept = new PlanReport(probeName, sentence + " The search had chosen " + chosen.chosen() + ": "
                + chosen.reason(), chosen.folds(), chosen.foldsUsed(), chosen.budgetSeconds(), chosen.spentSeconds(),
                chosen.rateCurve(), chosen.withoutTheFoldsAfterItsModel("its final run learned nothing").candidates());
        Files.writeString(folder.planFile(), PlanJson.write(kept));
        folder.writePredictions(probeAnswers);
        events.accept(new TrainingEvent.PlanChosen(kept));
        return probe;
    }
}
