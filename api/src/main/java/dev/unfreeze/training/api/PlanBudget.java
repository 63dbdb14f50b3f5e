package dev.unfreeze.training.api;

import java.util.Locale;

/**
 * The automatic plan's schedule value, {@code auto} or {@code auto:B}: search the candidate plans
 * for at most B times the estimated time of one training run (4 by default), then train the best.
 *
 * @param factor B
 */
public record PlanBudget(double factor) {
    /** The budget when none is given. */
    public static final double DEFAULT_FACTOR = 4;

    /** Whether a schedule value asks for the automatic plan. */
    public static boolean isAuto(String schedule) {
        return schedule != null && (schedule.trim().toLowerCase(Locale.ROOT).equals("auto")
                || schedule.trim().toLowerCase(Locale.ROOT).startsWith("auto:"));
    }

    /**
     * Reads {@code auto} or {@code auto:B}.
     *
     * @throws IllegalArgumentException with a readable message when B is not a number from 0.5 to 100
     */
    public static PlanBudget of(String schedule) {
        String value = schedule.trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return new PlanBudget(DEFAULT_FACTOR);
        }
        String argument = value.substring("auto:".length());
        try {
            double factor = Double.parseDouble(argument);
            if (!(factor >= 0.5 && factor <= 100)) {
                throw new IllegalArgumentException("the search budget in '" + schedule
                        + "' must be between 0.5 and 100 times one training run");
            }
            return new PlanBudget(factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + schedule + "': the search budget '" + argument + "' is not a number", e);
        }
    }

    /** The schedule value for this budget. */
    public String schedule() {
        return factor == DEFAULT_FACTOR ? "auto" : "auto:" + factor;
    }
}
