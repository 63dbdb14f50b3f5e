package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One candidate plan of the search, and its scores and outcome so far. */
final class PlanCandidate {
    final String name;
    final PlanFamily family;
    String description;
    final Recipe recipe;
    final List<FoldScore> scores = new ArrayList<>();
    /** Its shortened screening run on the first fold, when it had one (kept when its scores move on). */
    FoldScore screening;
    double seconds;
    PlanReport.Outcome outcome = PlanReport.Outcome.SCORED;
    String why = "";

    /** A fine-tune, named by its schedule ({@code partial:7}). */
    PlanCandidate(String description, Recipe recipe) {
        this(recipe.schedule().text(), description, recipe);
    }

    PlanCandidate(String name, String description, Recipe recipe) {
        this.name = name;
        this.family = PlanFamily.of(recipe);
        this.description = description;
        this.recipe = recipe;
    }

    boolean scored() {
        return outcome == PlanReport.Outcome.SCORED;
    }

    void set(PlanReport.Outcome newOutcome, String detail) {
        outcome = newOutcome;
        why = detail;
    }

    /** Its row of a leaderboard still filling in: the mean over the folds it has so far. */
    PlanReport.Candidate standing() {
        PlanReport.Outcome shown = scores.isEmpty() && scored() ? PlanReport.Outcome.WAITING : outcome;
        return row(scores, shown, description);
    }

    /**
     * Its row of the final leaderboard, on the first {@code common} folds (those every scored candidate has: a
     * paired comparison); a candidate scored on more says its mean over all of them in its description.
     */
    PlanReport.Candidate compared(int common) {
        List<FoldScore> used = scores.subList(0, Math.min(common, scores.size()));
        String said = description;
        if (scores.size() > used.size()) {
            double all = FoldScore.meanAccuracy(scores);
            said += String.format(Locale.ROOT, "; on all %d folds %.3f ± %.3f", scores.size(), all,
                    FoldScore.spread(scores, all));
        }
        return row(used, outcome, said);
    }

    /** For each image of the first {@code common} folds, whether it got it right. */
    Map<String, Boolean> correctOnFolds(int common) {
        Map<String, Boolean> all = new HashMap<>();
        scores.subList(0, Math.min(common, scores.size())).forEach(s -> all.putAll(s.correct()));
        return all;
    }

    /** Every held-out answer it gave, as rows of the run folder's {@code plan-answers.csv}. */
    List<List<String>> answers() {
        List<List<String>> rows = new ArrayList<>();
        if (screening != null) {
            addRows(rows, "screening", screening);
        }
        for (FoldScore s : scores) {
            if (s != screening) {
                addRows(rows, "fold", s);
            }
        }
        return rows;
    }

    private void addRows(List<List<String>> rows, String stage, FoldScore score) {
        for (var p : score.predictions()) {
            rows.add(List.of(name, stage, String.valueOf(score.fold() + 1), p.file(), p.actual(), p.predicted(),
                    String.format(Locale.ROOT, "%.4f", p.confidence())));
        }
    }

    private PlanReport.Candidate row(List<FoldScore> used, PlanReport.Outcome shown, String said) {
        double accuracy = FoldScore.meanAccuracy(used);
        double loss = used.stream().mapToDouble(FoldScore::loss).average().orElse(Double.NaN);
        return new PlanReport.Candidate(name, said, shown, shown.describe(why), accuracy, FoldScore.spread(used, accuracy),
                loss, used.size(), seconds, used.stream().map(FoldScore::accuracy).toList(), recipe);
    }
}
