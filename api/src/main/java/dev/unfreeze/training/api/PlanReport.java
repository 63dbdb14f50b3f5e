package dev.unfreeze.training.api;

import java.util.List;
import java.util.Optional;

/**
 * The automatic plan's leaderboard, kept as {@code plan.json} in the run folder: every candidate
 * with its recipe, its cross-validated score and what it cost, and the one chosen.
 *
 * @param chosen the name of the chosen candidate (null while the search goes on)
 * @param reason why, in words (null while the search goes on)
 * @param folds the stratified folds the images were split into
 * @param foldsUsed how many of them each fine-tuning candidate was scored on (the budget decides)
 * @param budgetSeconds what the search could spend
 * @param spentSeconds what it spent
 * @param rateCurve the range test of the fine-tuning candidates, or null when none was run
 * @param candidates every candidate, best first
 */
public record PlanReport(String chosen, String reason, int folds, int foldsUsed, double budgetSeconds,
        double spentSeconds, RateCurve rateCurve, List<Candidate> candidates) {
    public PlanReport {
        candidates = List.copyOf(candidates);
    }

    /** Whether this is the leaderboard of a search still under way (nothing chosen yet). */
    public boolean searching() {
        return chosen == null;
    }

    /** The chosen candidate's row (ties go by rule, so not always the first); empty if it is not listed. */
    public Optional<Candidate> chosenCandidate() {
        return candidates.stream().filter(c -> c.name().equals(chosen)).findFirst();
    }

    /** Whether the folds scored the chosen candidate (one chosen untried, for want of time, has no score). */
    public boolean chosenWasScored() {
        return chosenCandidate().map(Candidate::hasScore).orElse(false);
    }

    /**
     * This plan once the folds put after its chosen model's final run will not be run (the run was stopped before
     * them, or that final run learned nothing): its rows still waiting for them say so, and the reason, which promised
     * their score, says why it does not follow. A plan with no such row is returned as it is.
     *
     * @param why why those folds are not run, as the rows' status gives it after "not tried: "
     */
    public PlanReport withoutTheFoldsAfterItsModel(String why) {
        if (candidates.stream().noneMatch(c -> c.outcome() == Outcome.WAITING)) {
            return this;
        }
        List<Candidate> rows = candidates.stream().map(c -> c.outcome() != Outcome.WAITING ? c
                : new Candidate(c.name(), c.description(), Outcome.NOT_TRIED, Outcome.NOT_TRIED.describe(why),
                        c.accuracy(), c.spread(), c.loss(), c.foldsScored(), c.seconds(), c.foldAccuracies(),
                        c.recipe())).toList();
        String told = reason == null ? null : reason + ". Its score on those folds does not follow after all: " + why;
        return new PlanReport(chosen, told, folds, foldsUsed, budgetSeconds, spentSeconds, rateCurve, rows);
    }

    /** What became of a candidate in the search. */
    public enum Outcome {
        /** Trained at full length and scored on the folds the choice compares. */
        SCORED("scored"),
        /** Still to be trained (a leaderboard of a search under way). */
        WAITING("waiting"),
        /** A shortened screening run on the first fold left it behind; its accuracy is that run's. */
        SCREENED_OUT("screened out"),
        /** Not trained: no time, or the evidence went elsewhere. */
        NOT_TRIED("not tried"),
        /** Its training failed. */
        FAILED("failed");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        /** The outcome in words, with its detail after a colon when there is one. */
        public String describe(String detail) {
            return detail == null || detail.isBlank() ? words : words + ": " + detail;
        }

        /**
         * The outcome a {@code plan.json} written before outcomes were recorded gives in words: the status sentence
         * began with them.
         */
        static Outcome ofOlderStatus(String status) {
            for (Outcome o : values()) {
                if (status != null && status.startsWith(o.words)) {
                    return o;
                }
            }
            return NOT_TRIED;
        }
    }

    /**
     * One candidate plan.
     *
     * @param name a short name such as {@code linear-probe}
     * @param description what it does, in words
     * @param outcome what became of it
     * @param status the outcome in words, with why (over the budget; the error; the screening's figures)
     * @param accuracy the mean held-out accuracy over the folds it was scored on (NaN when not scored)
     * @param spread the standard deviation of that accuracy over folds (with one fold: its binomial
     *     standard error)
     * @param loss the mean held-out loss
     * @param foldsScored the folds it was scored on
     * @param seconds the time it took
     * @param foldAccuracies its held-out accuracy on each fold it was scored on, in fold order
     * @param recipe the recipe it trains with
     */
    public record Candidate(String name, String description, Outcome outcome, String status, double accuracy,
            double spread, double loss, int foldsScored, double seconds, List<Double> foldAccuracies, Recipe recipe) {
        public Candidate {
            foldAccuracies = foldAccuracies == null ? List.of() : List.copyOf(foldAccuracies);
            outcome = outcome != null ? outcome : Outcome.ofOlderStatus(status);
        }

        /** Whether it was trained at full length and scored on the folds the choice compares. */
        public boolean scored() {
            return outcome == Outcome.SCORED;
        }

        /** Whether a shortened screening run on the first fold left it behind (its accuracy is that run's). */
        public boolean screenedOut() {
            return outcome == Outcome.SCREENED_OUT;
        }

        /** Whether it has an accuracy to show: scored, or screened out. */
        public boolean hasScore() {
            return scored() || screenedOut();
        }
    }
}
