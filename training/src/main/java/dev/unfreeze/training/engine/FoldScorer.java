package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Scores candidates on the search's folds within its budget: the linear probe on every fold (seconds, on cached
 * features), a fine-tune by training it on a fold's other images and judging it on the fold's.
 */
final class FoldScorer {
    /** Why a candidate whose run would overrun the budget was left out. */
    static final String OVER_BUDGET = "over the search budget";
    /** The screening run's share of a candidate's length (Hyperband's eta); docs/quality-benchmark.md has why half. */
    static final int SCREEN_DIVISOR = 2;

    private final SearchBudget budget;
    private final Supplier<FoldRunner> runner;
    private final Runnable publish;
    private final Consumer<String> progress;

    /**
     * @param runner trains a recipe on a fold (a fresh one for each run, so that a cancelled search stops them)
     * @param publish reports the leaderboard after each new score
     * @param progress says what is being done (and throws when the search is cancelled)
     */
    FoldScorer(SearchBudget budget, Supplier<FoldRunner> runner, Runnable publish, Consumer<String> progress) {
        this.budget = budget;
        this.runner = runner;
        this.publish = publish;
        this.progress = progress;
    }

    /**
     * The linear probe on every fold: a head fitted on each fold's other images, on the backbone's features
     * {@code x} of every image, with its L2 strength chosen by inner folds.
     */
    void probe(PlanCandidate probe, float[][] x, DecodedImages images, int[] labels, List<String> classNames,
            List<int[]> folds) {
        long t0 = System.nanoTime();
        int classes = classNames.size();
        for (int f = 0; f < folds.size(); f++) {
            progress.accept("Linear probe: fold " + (f + 1) + " of " + folds.size());
            int[] held = folds.get(f);
            int[] kept = Folds.without(Folds.all(x.length), held);
            int smallest = ProbeHead.smallestClass(subset(labels, kept), classes);
            LinearProbe.Head head = smallest >= 2
                    ? LinearProbe.fitWithChosenL2(x, labels, kept, classes,
                            Folds.stratified(kept, labels, classes, Math.min(3, smallest), probe.recipe.seed()), null)
                    : LinearProbe.fit(x, labels, kept, classes, LinearProbe.L2_GRID[2], null);
            List<ValidationPrediction> predictions = new ArrayList<>();
            for (int i : held) {
                int predicted = head.predict(x[i]);
                predictions.add(new ValidationPrediction(images.sample(i).file().toAbsolutePath().toString(),
                        classNames.get(labels[i]), classNames.get(predicted), head.probabilities(x[i])[predicted]));
            }
            probe.scores.add(new FoldScore(f, head.accuracy(x, labels, held), logLoss(head, x, labels, held),
                    held.length, predictions));
        }
        probe.seconds += (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Trains each candidate on the first fold for half its length (its own schedule and rate schedule,
     * compressed), and returns the one the selection rule chooses on that fold, or null when none could run. The
     * others keep that score and an outcome that says they were screened out.
     */
    PlanCandidate screen(List<PlanCandidate> candidates, List<Sample> images, List<String> classes, List<int[]> folds,
            int groupCount, double speed, Preference preference) throws Exception {
        int[] all = Folds.all(images.size());
        int[] held = folds.get(0);
        List<PlanCandidate> screened = new ArrayList<>();
        for (PlanCandidate c : candidates) {
            Recipe resolved = RecipeResolver.resolve(c.recipe, images.size() - held.length, groupCount);
            int epochs = SearchBudget.shortened(resolved.epochs(), SCREEN_DIVISOR);
            double estimate = budget.estimate(c.recipe, images.size(), held.length, groupCount, speed, SCREEN_DIVISOR);
            if (!budget.affords(estimate)) {
                c.set(PlanReport.Outcome.NOT_TRIED, OVER_BUDGET);
                continue;
            }
            long t0 = System.nanoTime();
            try {
                Recipe shortened = resolved.withPlan(resolved.schedule(), resolved.thawEpochs(), resolved.learningRate(),
                        epochs, resolved.batchNorm(), resolved.augmentation());
                FoldRunner.Result r = runner.get().train(classes, images, Folds.without(all, held), held, shortened,
                        c.name + ", screening on fold 1 (" + epochs + " epochs)", c.name.replace(':', '-') + "-screen");
                c.screening = new FoldScore(0, r.accuracy(), r.loss(), held.length, r.predictions());
                c.scores.add(c.screening);
                screened.add(c);
                publish.run();
            } catch (UnfreezeException e) {
                c.set(PlanReport.Outcome.FAILED, e.getMessage());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            c.seconds += seconds;
            budget.ran(estimate, seconds);
        }
        if (screened.isEmpty()) {
            return null;
        }
        // the leader is chosen as the final plan is: a lead of one image in 20 is noise, not a reason to drop the
        // plan that usually wins on data of this size
        SelectionRule.Decision decision = SelectionRule.decideAmong(screened, 1, preference);
        PlanCandidate leader = screened.stream().filter(c -> c.name.equals(decision.chosen().name())).findFirst()
                .orElseThrow();
        double led = leader.scores.get(0).accuracy();
        for (PlanCandidate c : screened) {
            if (c != leader) {
                c.set(PlanReport.Outcome.SCREENED_OUT, screenedOut(c.scores.get(0).accuracy(), leader.name, led));
            }
        }
        leader.description += decision.basis() == SelectionRule.Basis.BEST
                ? String.format(Locale.ROOT, "; led the screening (half its length on fold 1) with %.3f", led)
                : String.format(Locale.ROOT, "; went on from the screening (half its length on fold 1) with %.3f, within"
                        + " two standard errors of %s's %.3f", led, decision.best().name(), decision.best().accuracy());
        return leader;
    }

    /**
     * Why a screened candidate went no further; one that scored higher than the leader is told that the leader is
     * the plan preferred for the data and within two standard errors of it, which its higher score alone hides.
     */
    static String screenedOut(double score, String leader, double leaderScore) {
        return String.format(Locale.ROOT, "%.3f on fold 1 in a run of half its length; the search went on with %s"
                + " (%.3f)%s", score, leader, leaderScore, score > leaderScore
                ? ", the plan preferred for this data, within two standard errors of it" : "");
    }

    /**
     * Trains the candidates fold by fold (every candidate on a fold before the next fold) while the budget lasts;
     * a candidate whose next run would overrun it is left out, and one whose training fails leaves the others
     * standing.
     *
     * @param limit the most folds to use
     * @return the folds every remaining candidate was scored on
     */
    int everyFold(List<PlanCandidate> candidates, List<Sample> images, List<String> classes, List<int[]> folds,
            int limit, int groupCount, double speed) throws Exception {
        int k = folds.size();
        int[] all = Folds.all(images.size());
        int foldsUsed = 0;
        for (int f = 0; f < Math.min(k, limit); f++) {
            boolean any = false;
            for (PlanCandidate c : candidates) {
                if (!c.scored() || (f > 0 && c.scores.size() < f)) {
                    continue;
                }
                int[] held = folds.get(f);
                Recipe resolved = RecipeResolver.resolve(c.recipe, images.size() - held.length, groupCount);
                double estimate = budget.estimate(c.recipe, images.size(), held.length, groupCount, speed, 1);
                if (!budget.affords(estimate)) {
                    if (f == 0) {
                        c.set(PlanReport.Outcome.NOT_TRIED, OVER_BUDGET);
                    }
                    continue;
                }
                long t0 = System.nanoTime();
                try {
                    FoldRunner.Result r = runner.get().train(classes, images, Folds.without(all, held), held, resolved,
                            c.name + ", fold " + (f + 1) + " of " + k, c.name.replace(':', '-') + "-fold" + (f + 1));
                    c.scores.add(new FoldScore(f, r.accuracy(), r.loss(), held.length, r.predictions()));
                    publish.run();
                } catch (UnfreezeException e) {
                    // even a crash of its process fails this candidate alone
                    c.set(PlanReport.Outcome.FAILED, e.getMessage());
                    c.scores.clear();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                c.seconds += seconds;
                budget.ran(estimate, seconds);
                any = true;
            }
            if (!any) {
                break;
            }
            foldsUsed = f + 1;
        }
        return foldsUsed;
    }

    private static double logLoss(LinearProbe.Head head, float[][] x, int[] y, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            sum -= Math.log(Math.max(head.probabilities(x[r])[y[r]], Double.MIN_NORMAL));
        }
        return rows.length == 0 ? Double.NaN : sum / rows.length;
    }

    private static int[] subset(int[] labels, int[] rows) {
        int[] result = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            result[i] = labels[rows[i]];
        }
        return result;
    }
}
