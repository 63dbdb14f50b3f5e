package dev.unfreeze.training.api;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The automatic plan's schedule value and what its search may spend: {@code auto} or {@code auto:B}, at most B
 * times the estimated time of one training run (2 by default); or {@code auto:5m} (also {@code 90s},
 * {@code 1h}), a time for the whole run, its search and the chosen plan's final training together.
 */
public sealed interface PlanBudget {
    /** The budget when none is given. */
    double DEFAULT_FACTOR = 2;

    /** What the search may spend, given the estimated seconds of one training run of the final length. */
    double searchSeconds(double oneRunSeconds);

    /** The schedule value for this budget. */
    String schedule();

    /** Whether the run has already spent all it was given after this many seconds (so the search tries nothing more). */
    default boolean spentAfter(double seconds) {
        return false;
    }

    /**
     * Whether, after this many seconds, the time given still holds a training run of {@code runSeconds}: the final
     * run of a plan the search could not score (a multiple of one run bounds the search alone, so it always does).
     */
    default boolean leavesTimeFor(double seconds, double runSeconds) {
        return true;
    }

    /** In words, for the window and the help. */
    String describe();

    /** At most {@code factor} times one estimated training run. */
    record Multiple(double factor) implements PlanBudget {
        @Override
        public double searchSeconds(double oneRunSeconds) {
            return factor * oneRunSeconds;
        }

        @Override
        public String schedule() {
            return factor == DEFAULT_FACTOR ? "auto" : "auto:" + (factor == Math.rint(factor) ? String.valueOf((long) factor)
                    : String.valueOf(factor));
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "about %s times one training run", factor == Math.rint(factor)
                    ? String.valueOf((long) factor) : String.valueOf(factor));
        }
    }

    /**
     * A time for the whole run: the search spends what is left once the chosen plan's final training (estimated
     * as one run) is set aside. When that leaves no time for a fine-tune on a fold, the plan preferred for the data
     * trains untried if its final run still fits, else the linear probe is the plan.
     */
    record WallClock(Duration time) implements PlanBudget {
        @Override
        public double searchSeconds(double oneRunSeconds) {
            return Math.max(0, time.toMillis() / 1000.0 - oneRunSeconds);
        }

        @Override
        public boolean spentAfter(double seconds) {
            return seconds >= time.toMillis() / 1000.0;
        }

        @Override
        public boolean leavesTimeFor(double seconds, double runSeconds) {
            return seconds + runSeconds <= time.toMillis() / 1000.0;
        }

        @Override
        public String schedule() {
            long s = time.toSeconds();
            return "auto:" + (s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s");
        }

        @Override
        public String describe() {
            long s = time.toSeconds();
            return s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
        }
    }

    /**
     * Reads {@code auto}, {@code auto:B} or {@code auto:T} with T a time such as {@code 5m}.
     *
     * @throws IllegalArgumentException with a readable message when B is not a number from 0.5 to 100 or T is
     *     not a time from 10 seconds to 7 days
     */
    static PlanBudget of(String schedule) {
        String value = schedule.trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return new Multiple(DEFAULT_FACTOR);
        }
        return parse(value.substring("auto:".length()), "'" + schedule + "'");
    }

    /**
     * Reads the budget alone: {@code B} (times one training run) or a time such as {@code 90s}, {@code 5m}, {@code 1h};
     * also as the schedule writes it, {@code auto:B}.
     */
    static PlanBudget parse(String budget, String where) {
        String value = budget.trim().toLowerCase(Locale.ROOT);
        value = value.startsWith("auto:") ? value.substring("auto:".length()) : value;
        Matcher time = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|min|h)").matcher(value);
        if (time.matches()) {
            double amount = Double.parseDouble(time.group(1));
            double seconds = amount * switch (time.group(2)) {
                case "s" -> 1;
                case "h" -> 3600;
                default -> 60;
            };
            if (!(seconds >= 10 && seconds <= 7 * 24 * 3600)) {
                throw new IllegalArgumentException(where + ": the search's time '" + budget
                        + "' must be between 10 seconds and 7 days");
            }
            return new WallClock(Duration.ofMillis(Math.round(seconds * 1000)));
        }
        try {
            double factor = Double.parseDouble(value);
            if (!(factor >= 0.5 && factor <= 100)) {
                throw new IllegalArgumentException(where + ": the search budget '" + budget
                        + "' must be between 0.5 and 100 times one training run, or a time such as 5m");
            }
            return new Multiple(factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": the search budget '" + budget
                    + "' is neither a number (times one training run) nor a time such as 90s, 5m or 1h", e);
        }
    }
}
