package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;

/**
 * The search's time: what it may spend, what it has spent since it began, and how long a candidate's run will
 * take, estimated from the range test's speed and corrected by how far the runs so far overran their estimates
 * (a process start per run, a busy computer), so that the budget holds.
 */
final class SearchBudget {
    private final long started = System.nanoTime();
    /** Seconds since the start that were not the search's (the chosen plan's final run, before folds put after it). */
    private double elsewhere;
    private double seconds = Double.POSITIVE_INFINITY;
    private double estimatedSoFar;
    private double actualSoFar;

    /** Seconds the search has spent since it began. */
    double spent() {
        return sinceStart() - elsewhere;
    }

    /** Seconds since the search began, whatever they were spent on. */
    double sinceStart() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Leaves seconds spent on something else since the search began out of what it has spent. */
    void spentElsewhere(double seconds) {
        elsewhere += seconds;
    }

    /** What the search may spend in all (infinite until it is known). */
    double seconds() {
        return seconds;
    }

    void setSeconds(double seconds) {
        this.seconds = seconds;
    }

    /** Whether a run estimated at this many seconds still fits. */
    boolean affords(double estimate) {
        return spent() + estimate <= seconds;
    }

    /** The share of the budget spent, 0 while it is unknown. */
    double fraction() {
        return Double.isInfinite(seconds) ? 0 : Math.min(1, spent() / seconds);
    }

    /**
     * A candidate's estimated seconds on one fold, at {@code 1/divisor} of its length: its epochs over the fold's
     * training images, plus a third of the held-out ones (scoring costs about a third of training), at
     * {@code speed} images a second.
     */
    double estimate(Recipe recipe, int images, int held, int groupCount, double speed, int divisor) {
        Recipe resolved = RecipeResolver.resolve(recipe, images - held, groupCount);
        int epochs = shortened(resolved.epochs(), divisor);
        return epochs * (images - held + held / 3.0) / speed * slowdown();
    }

    /** Records a run: its estimate (as made, before the correction) and the seconds it took. */
    void ran(double estimate, double tookSeconds) {
        estimatedSoFar += estimate / slowdown();
        actualSoFar += tookSeconds;
    }

    /** {@code 1/divisor} of a length in epochs, at least two (and never more than the whole). */
    static int shortened(int epochs, int divisor) {
        return divisor == 1 ? epochs : Math.min(epochs, Math.max(2, (epochs + divisor - 1) / divisor));
    }

    /** How much longer the runs took than estimated so far (1 before the first). */
    private double slowdown() {
        return estimatedSoFar == 0 ? 1 : Math.max(1, actualSoFar / estimatedSoFar);
    }
}
