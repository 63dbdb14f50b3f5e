package dev.unfreeze.training.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A recipe's plan: a preset that says when each backbone group thaws, the thaw epochs given one by one, or the
 * automatic plan with its budget. A recipe file holds its text ({@code partial:3}, {@code auto:5m}); every other
 * part of the program uses this type. Reading never fails: text that names no plan is {@link Unreadable}, which the
 * validator reports with its reason.
 */
public sealed interface Schedule {

    /** The form a recipe file and the command line use. */
    @JsonValue
    String text();

    /**
     * Whether the run decides its plan itself (the automatic plan), so that no thaw epochs exist before it starts.
     */
    default boolean automatic() {
        return false;
    }

    /**
     * When each of this many backbone groups thaws, for a preset.
     *
     * @throws IllegalArgumentException with a readable message when the preset does not fit the groups, or this is
     *     not a preset
     */
    default UnfreezeSchedule thawPlan(int groupCount) {
        throw new IllegalArgumentException("'" + text() + "' is not a preset with a thaw plan of its own");
    }

    /** The automatic plan: a search chooses among the presets on held-out folds, within its budget. */
    record Automatic(PlanBudget budget) implements Schedule {
        @Override
        public String text() {
            return budget.schedule();
        }

        @Override
        public boolean automatic() {
            return true;
        }
    }

    /** The backbone frozen throughout: a linear probe on its features. */
    record FeatureExtraction() implements Schedule {
        @Override
        public String text() {
            return "feature-extraction";
        }

        @Override
        public UnfreezeSchedule thawPlan(int groupCount) {
            return new UnfreezeSchedule(Collections.nCopies(groupCount, UnfreezeSchedule.NEVER), UnfreezeSchedule.NEVER);
        }
    }

    /** The top {@code groups} backbone groups train from the start, the rest stay frozen. */
    record Partial(int groups) implements Schedule {
        @Override
        public String text() {
            return "partial:" + groups;
        }

        @Override
        public UnfreezeSchedule thawPlan(int groupCount) {
            if (groups > groupCount) {
                throw new IllegalArgumentException("schedule '" + text() + "': the model has " + groupCount
                        + " layer groups, so at most partial:" + groupCount);
            }
            List<Integer> epochs = new ArrayList<>();
            for (int i = 0; i < groupCount; i++) {
                epochs.add(i >= groupCount - groups ? 0 : UnfreezeSchedule.NEVER);
            }
            return new UnfreezeSchedule(epochs, UnfreezeSchedule.NEVER);
        }
    }

    /** Every group trains from the start. */
    record Full() implements Schedule {
        @Override
        public String text() {
            return "full";
        }

        @Override
        public UnfreezeSchedule thawPlan(int groupCount) {
            return new UnfreezeSchedule(Collections.nCopies(groupCount, 0), UnfreezeSchedule.NEVER);
        }
    }

    /** Only the scales, shifts and biases of every group train, with the head (BitFit). */
    record BitFit() implements Schedule {
        @Override
        public String text() {
            return "bitfit";
        }

        @Override
        public UnfreezeSchedule thawPlan(int groupCount) {
            return new UnfreezeSchedule(Collections.nCopies(groupCount, 0), UnfreezeSchedule.NEVER,
                    UnfreezeSchedule.Tuned.SCALES_AND_BIASES);
        }
    }

    /** ULMFiT: the head alone in epoch 0, then one more group per epoch from the top. */
    record Gradual() implements Schedule {
        @Override
        public String text() {
            return "gradual";
        }

        @Override
        public UnfreezeSchedule thawPlan(int groupCount) {
            List<Integer> epochs = new ArrayList<>();
            for (int i = 0; i < groupCount; i++) {
                epochs.add(groupCount - i);
            }
            return new UnfreezeSchedule(epochs, UnfreezeSchedule.NEVER);
        }
    }

    /** The head alone for {@code headEpochs} epochs, then everything at a tenth of the rate (the Keras recipe). */
    record TwoStage(int headEpochs) implements Schedule {
        @Override
        public String text() {
            return "two-stage:" + headEpochs;
        }

        @Override
        public UnfreezeSchedule thawPlan(int groupCount) {
            return new UnfreezeSchedule(Collections.nCopies(groupCount, headEpochs), headEpochs);
        }
    }

    /** The thaw epochs are the recipe's own ({@code thawEpochs}), one per group, as drawn on the layer map. */
    record Custom() implements Schedule {
        @Override
        public String text() {
            return "custom";
        }
    }

    /** Text that names no plan, and why. */
    record Unreadable(String text, String problem) implements Schedule {
        @Override
        public UnfreezeSchedule thawPlan(int groupCount) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The presets a user can name, with their argument where they take one. */
    static List<String> presetNames() {
        return List.of("feature-extraction", "partial:N", "full", "bitfit", "gradual", "two-stage:K");
    }

    /** Reads a plan from its text; text that names none is {@link Unreadable} (null is read as empty text). */
    @JsonCreator
    static Schedule parse(String text) {
        String given = text == null ? "" : text;
        String name = given.trim().toLowerCase(Locale.ROOT);
        if (name.equals("auto") || name.startsWith("auto:")) {
            try {
                return new Automatic(PlanBudget.of(name));
            } catch (IllegalArgumentException e) {
                return new Unreadable(given, e.getMessage());
            }
        }
        String argument = null;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            argument = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        try {
            return switch (name) {
                case "feature-extraction" -> noArgument(given, argument, new FeatureExtraction());
                case "full" -> noArgument(given, argument, new Full());
                case "bitfit" -> noArgument(given, argument, new BitFit());
                case "gradual" -> noArgument(given, argument, new Gradual());
                case "custom" -> noArgument(given, argument, new Custom());
                case "partial" -> new Partial(number(given, argument, 0, 10_000));
                case "two-stage" -> new TwoStage(number(given, argument, 1, 10_000));
                default -> new Unreadable(given, "unknown schedule '" + given + "'; use auto or one of "
                        + String.join(", ", presetNames()));
            };
        } catch (IllegalArgumentException e) {
            return new Unreadable(given, e.getMessage());
        }
    }

    private static Schedule noArgument(String given, String argument, Schedule schedule) {
        if (argument != null) {
            throw new IllegalArgumentException("schedule '" + given + "' takes no ':' argument");
        }
        return schedule;
    }

    private static int number(String given, String argument, int min, int max) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException("schedule '" + given + "' needs a number after ':'");
        }
        try {
            int n = Integer.parseInt(argument);
            if (n < min || n > max) {
                throw new IllegalArgumentException("schedule '" + given + "': " + n + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + given + "': '" + argument + "' is not a number", e);
        }
    }
}
