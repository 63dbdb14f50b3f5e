package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.runs.PlanJson;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fold runs the search puts after the chosen plan's final run: where the folds the time allows hold too few held-out
 * images for any score to change the choice (the order of preference decides), they only estimate the model, so the
 * model comes first and its estimate follows (on the benchmark's tasks of 50 images, 45 % sooner:
 * docs/quality-benchmark.md).
 */
final class FoldsAfterTheModel {
    private final PlanCandidate candidate;
    private final int folds;
    /** The search's time when they were put off: what follows until they start is the final run's. */
    private final double putOffAt;

    /**
     * @param candidate the plan the order prefers, chosen before it is scored
     * @param folds how many folds it trains on (as many as it would have had beside the plan it was compared with)
     * @param putOffAt the search's time when they were put off
     */
    FoldsAfterTheModel(PlanCandidate candidate, int folds, double putOffAt) {
        this.candidate = candidate;
        this.folds = folds;
        this.putOffAt = putOffAt;
    }

    /**
     * Says in the folder's plan that the folds put after its model's final run will not be made, where it has such
     * folds still to make, and reports the plan again.
     *
     * @param why why not, as the rows' status gives it after "not tried: "
     */
    static void notMade(RunFolder folder, String why, Consumer<TrainingEvent> events) throws IOException {
        PlanReport plan = folder.plan();
        if (plan == null) {
            return;
        }
        PlanReport told = plan.withoutTheFoldsAfterItsModel(why);
        if (told != plan) {
            Files.writeString(folder.planFile(), PlanJson.write(told));
            events.accept(new TrainingEvent.PlanChosen(told));
        }
    }

    PlanCandidate candidate() {
        return candidate;
    }

    /**
     * Scores the candidate on its folds, in the time the budget had left for them when they were put off: the final
     * run's time is not the search's.
     *
     * @return the folds it was scored on; when its training failed, its outcome says so
     */
    int score(FoldScorer scorer, SearchBudget budget, List<Sample> images, List<String> classes, List<int[]> all,
            int groupCount, double speed) throws Exception {
        budget.spentElsewhere(budget.spent() - putOffAt);
        candidate.set(PlanReport.Outcome.SCORED, "");
        candidate.description += "; scored after its final run, whose model came first (these folds could not change"
                + " the choice)";
        return scorer.everyFold(List.of(candidate), images, classes, all, folds, groupCount, speed);
    }
}
