package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.PlanJson;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The plan search's verdict: the candidates ranked, the selection rule applied, the plan written and reported. */
final class PlanVerdict {
    private final RunFolder folder;
    private final Consumer<TrainingEvent> events;
    private final SearchBudget budget;
    /** The plan as last reported (null before the first verdict). */
    private PlanReport reported;

    PlanVerdict(RunFolder folder, Consumer<TrainingEvent> events, SearchBudget budget) {
        this.folder = folder;
        this.events = events;
        this.budget = budget;
    }

    /**
     * Ranks the candidates on the folds they share, applies the selection rule, and writes and reports the plan.
     *
     * @param labelled the images the final run trains on (every labelled one)
     * @param finalRunFits whether the time given still holds a fine-tune's final run
     */
    PlanSearch.Chosen decide(Recipe asked, List<PlanCandidate> entries, int foldsUsed, int folds, Preference preference,
            RateCurve curve, int labelled, int groupCount, boolean finalRunFits) throws IOException {
        // rank on the folds every scored candidate has (a paired comparison); the probe has them all
        int common = entries.stream().filter(e -> e.scored() && !e.scores.isEmpty())
                .mapToInt(e -> e.scores.size()).min().orElse(0);
        List<PlanReport.Candidate> rows = new ArrayList<>();
        for (PlanCandidate e : entries) {
            if (e.scored() && Math.min(common, e.scores.size()) == 0) {
                e.set(PlanReport.Outcome.NOT_TRIED, FoldScorer.OVER_BUDGET);
            }
            rows.add(e.compared(common));
        }
        rows.sort(Comparator.comparing((PlanReport.Candidate c) -> c.scored() ? 0 : c.screenedOut() ? 1 : 2)
                .thenComparing(c -> -c.accuracy())
                .thenComparing(PlanReport.Candidate::loss));
        Map<String, PlanCandidate> byName = new HashMap<>();
        entries.forEach(e -> byName.put(e.name, e));
        SelectionRule.Decision decision = SelectionRule.decide(rows, name -> byName.containsKey(name)
                ? byName.get(name).correctOnFolds(common) : Map.of(), preference, finalRunFits);
        PlanReport.Candidate chosenRow = decision.chosen();
        if (decision.basis() == SelectionRule.Basis.NO_FINE_TUNE_IN_TIME) { // its row says why it trains untried
            byName.get(chosenRow.name()).set(PlanReport.Outcome.NOT_TRIED,
                    "no time for a fold; chosen untried, the plan preferred for data like this");
            chosenRow = byName.get(chosenRow.name()).compared(common);
            rows.set(rows.indexOf(decision.chosen()), chosenRow);
        }
        Recipe chosen = CandidatePlans.finalRecipe(asked, chosenRow, labelled, groupCount);
        String reason = PlanReason.of(decision, folds, chosen.epochs(), asked.epochs() > 0);
        PlanReport report = new PlanReport(chosenRow.name(), reason, folds, foldsUsed, budget.seconds(), budget.spent(),
                curve, rows);
        Files.writeString(folder.planFile(), PlanJson.write(report));
        folder.writePlanAnswers(entries.stream().flatMap(e -> e.answers().stream()).toList());
        if (chosen.data().val() == null) {
            // the final run has no held-out part: the Results step shows the winner's answers on the folds it
            // was scored on, each image judged by a model that did not train on it
            PlanCandidate winner = byName.get(chosenRow.name());
            folder.writePredictions(winner == null ? List.of() : winner.scores.subList(0,
                    Math.min(common, winner.scores.size())).stream().flatMap(s -> s.predictions().stream()).toList());
        }
        reported = report;
        events.accept(new TrainingEvent.PlanChosen(report));
        PlanCandidate probe = entries.stream().filter(e -> e.family == PlanFamily.LINEAR_PROBE).findFirst()
                .orElseThrow();
        if (chosenRow.name().equals(probe.name)) {
            return new PlanSearch.Chosen(chosen, Optional.empty());
        }
        List<FoldScore> probeFolds = probe.scores.subList(0, Math.min(common, probe.scores.size()));
        return new PlanSearch.Chosen(chosen, Optional.of(new ProbeFallback(probe.name, CandidatePlans.finalRecipe(asked,
                probe.compared(common), labelled, groupCount), report,
                probeFolds.stream().flatMap(s -> s.predictions().stream()).toList())));
    }

    /** The plan as last reported, empty before the first verdict. */
    Optional<PlanReport> reported() {
        return Optional.ofNullable(reported);
    }
}
