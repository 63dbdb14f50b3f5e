package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.data.Sample;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which fine-tuning candidates train on which folds, as far as the search's budget allows. */
final class FineTuneScoring {
    /**
     * The fine-tunes a budget that cannot try every candidate on every fold spends itself on: the one that keeps the
     * pretrained kernels and the one that adapts them all. On the benchmark they were the best plans of the tiny
     * tasks between them, and with 20 images a class or more the plans between them (partial, gradual) never led the
     * whole network by the two errors the rule asks (docs/quality-benchmark.md).
     */
    static final List<PlanFamily> ENDS = List.of(PlanFamily.BITFIT, PlanFamily.FULL);

    private final FoldScorer scorer;
    private final SearchBudget budget;
    /** Reports the leaderboard so far. */
    private final Runnable publishScores;
    /** The fold runs put after the preferred plan's final run, when their scores could not change the choice. */
    private FoldsAfterTheModel afterTheModel;

    FineTuneScoring(FoldScorer scorer, SearchBudget budget, Runnable publishScores) {
        this.scorer = scorer;
        this.budget = budget;
        this.publishScores = publishScores;
    }

    /**
     * Scores the fine-tuning candidates: every one on every fold when the budget allows; otherwise only the two of
     * {@link #ENDS}: on folds too small to screen on, on as many folds as fit (or the preferred one alone, when the
     * folds both can afford could not hold the evidence to prefer one); else by successive halving (Jamieson and
     * Talwalkar 2016): a shortened screening run each on the first fold, then the leader on more folds, unless its
     * screening run already settled the choice against the probe.
     *
     * @param probe the linear probe, scored on every fold
     * @return the folds every remaining candidate was scored on
     */
    int score(List<PlanCandidate> fineTunes, PlanCandidate probe, List<Sample> images, List<String> classes,
            List<int[]> folds, int groupCount, double speed, Preference preference) throws Exception {
        int foldSize = folds.get(0).length;
        double everyRun = 0;
        for (PlanCandidate c : fineTunes) {
            everyRun += budget.estimate(c.recipe, images.size(), foldSize, groupCount, speed, 1);
        }
        if (fineTunes.size() < 2 || budget.affords(everyRun * folds.size())) {
            return scorer.everyFold(fineTunes, images, classes, folds, folds.size(), groupCount, speed);
        }
        List<PlanCandidate> ends = inOrderOfPreference(fineTunes.stream().filter(c -> ENDS.contains(c.family)).toList(),
                preference);
        if (ends.isEmpty()) {
            ends = List.of(fineTunes.get(0));
        }
        if (foldSize < SelectionRule.MIN_EVIDENCE) {
            return scoreOnTinyFolds(fineTunes, ends, images, classes, folds, groupCount, speed);
        }
        String names = String.join(" and ", ends.stream().map(c -> c.name).toList());
        for (PlanCandidate c : fineTunes) {
            if (!ends.contains(c)) {
                c.set(PlanReport.Outcome.NOT_TRIED, "the budget has no room for every plan on every fold, so it went to "
                        + names + ", the two ends of what can train; this plan lies between them");
            }
        }
        PlanCandidate leader = scorer.screen(ends, images, classes, folds, groupCount, speed, preference);
        if (leader == null) {
            return 0;
        }
        if (settledAgainst(probe, leader, preference)) {
            // a run of its whole length would have to fall below its half-length run's score to change the choice
            leader.description += "; on that run the selection rule already chose it over the linear probe, so no"
                    + " longer run was needed";
            publishScores.run();
            return 1;
        }
        FoldScore screening = leader.scores.remove(0); // its full-length runs are what the choice compares
        int used = scorer.everyFold(List.of(leader), images, classes, folds, folds.size(), groupCount, speed);
        if (leader.scores.isEmpty() && leader.outcome == PlanReport.Outcome.NOT_TRIED) {
            // no room left for a run of its whole length: its screening run is still evidence on fold 1, against the
            // probe on the same images, where dropping it would let the probe win by default
            leader.set(PlanReport.Outcome.SCORED, "");
            leader.scores.add(screening);
            leader.description += "; judged on that run alone (no time was left for one of its whole length)";
            publishScores.run();
            return 1;
        }
        return used;
    }

    /**
     * Folds too small to screen on (a screening run judged on a few images ends in ties): their time goes to more
     * folds of the tiny-data fine-tunes; and when the folds both can afford cannot hold the held-out images needed
     * to prefer one plan to another, the order of preference decides whatever they score, so only the preferred
     * one gets those folds.
     *
     * @param ends the fine-tunes the budget goes to, in the order of preference
     */
    private int scoreOnTinyFolds(List<PlanCandidate> fineTunes, List<PlanCandidate> ends, List<Sample> images,
            List<String> classes, List<int[]> folds, int groupCount, double speed) throws Exception {
        int foldSize = folds.get(0).length;
        String names = String.join(" and ", ends.stream().map(c -> c.name).toList());
        for (PlanCandidate c : fineTunes) {
            if (!ends.contains(c)) {
                c.set(PlanReport.Outcome.NOT_TRIED, "with " + foldSize + " images a fold, a screening run"
                        + " cannot tell the fine-tunes apart, so the folds went to " + names);
            }
        }
        double perRound = 0;
        for (PlanCandidate c : ends) {
            perRound += budget.estimate(c.recipe, images.size(), foldSize, groupCount, speed, 1);
        }
        int rounds = (int) Math.min(folds.size(), Math.floor(Math.max(0, budget.seconds() - budget.spent()) / perRound));
        if (ends.size() > 1 && rounds * foldSize < SelectionRule.MIN_EVIDENCE) {
            int shared = rounds * foldSize;
            for (PlanCandidate c : ends.subList(1, ends.size())) {
                c.set(PlanReport.Outcome.NOT_TRIED, String.format(Locale.ROOT, "the budget has room for %d "
                        + "fold%s of %d images each for %s: %d held-out images in common, under the %d needed to prefer "
                        + "one plan to another", rounds, rounds == 1 ? "" : "s", foldSize, names, shared,
                        SelectionRule.MIN_EVIDENCE));
            }
            // as many folds as it would have had beside the other: more would only refine a score nothing compares
            if (rounds > 0) {
                // the order of preference chooses it whatever those folds score: its model comes first, and the
                // folds, the honest estimate of that model, follow its final run
                PlanCandidate preferred = ends.get(0);
                afterTheModel = new FoldsAfterTheModel(preferred, rounds, budget.spent());
                preferred.set(PlanReport.Outcome.WAITING, String.format(Locale.ROOT, "scored after its final run, on"
                        + " %d fold%s of %d images (too few held-out images to change the choice; they estimate its"
                        + " model)", rounds, rounds == 1 ? "" : "s", foldSize));
                publishScores.run();
                return 0;
            }
            publishScores.run();
            return scorer.everyFold(ends.subList(0, 1), images, classes, folds, 1, groupCount, speed);
        }
        publishScores.run();
        return scorer.everyFold(ends, images, classes, folds, folds.size(), groupCount, speed);
    }

    /** The fold runs put after the chosen plan's final run, if the last {@link #score} put any there. */
    Optional<FoldsAfterTheModel> afterTheModel() {
        return Optional.ofNullable(afterTheModel);
    }

    /**
     * The candidates in the order of preference for the data (the order a tie is broken in), so that when
     * the budget runs short, as on a machine that slows down during the search, the plan the rule would choose on
     * a tie is the one that was trained.
     */
    static List<PlanCandidate> inOrderOfPreference(List<PlanCandidate> candidates, Preference preference) {
        return candidates.stream().sorted(Comparator.comparingInt(c -> c.family.rankIn(preference.order()))).toList();
    }

    /**
     * Whether the selection rule, applied to the probe and the screening's leader on the screening fold, already
     * chooses the leader: a run of the leader's whole length does at least as well as its half-length run (on the
     * benchmark's searches it scored the same or better), so more folds could only confirm the choice.
     */
    static boolean settledAgainst(PlanCandidate probe, PlanCandidate leader, Preference preference) {
        if (probe.scores.isEmpty()) {
            return false;
        }
        SelectionRule.Decision decision = SelectionRule.decideAmong(List.of(leader, probe), 1, preference);
        return decision.chosen().name().equals(leader.name);
    }
}
