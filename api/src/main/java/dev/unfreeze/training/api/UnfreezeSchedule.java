package dev.unfreeze.training.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * When each backbone group starts training. Groups are ordered input to output; the head is not
 * part of the schedule because it always trains.
 *
 * @param thawEpochs for every backbone group, the epoch (0-based) at which it starts training, or
 *     {@link #NEVER}
 * @param lowerRateFromEpoch from this epoch on every learning rate is divided by 10 (the Keras
 *     two-stage recipe), or {@link #NEVER}
 * @param tuned which of a thawed group's weights train
 */
public record UnfreezeSchedule(List<Integer> thawEpochs, int lowerRateFromEpoch, Tuned tuned) {
    /** The group never thaws. */
    public static final int NEVER = Integer.MAX_VALUE;

    /** Which weights of a thawed group train. */
    public enum Tuned {
        /** Every weight: kernels, matrices, scales, shifts and biases. */
        EVERY_WEIGHT,
        /**
         * Only the vectors: BatchNorm scales and shifts and the biases (BitFit, TinyTL), a few thousandths of
         * the network; the kernels and matrices, and the BatchNorm statistics, stay the pretrained ones.
         */
        SCALES_AND_BIASES
    }

    public UnfreezeSchedule {
        thawEpochs = List.copyOf(thawEpochs);
        Objects.requireNonNull(tuned, "tuned");
    }

    /** A schedule in which a thawed group trains every weight. */
    public UnfreezeSchedule(List<Integer> thawEpochs, int lowerRateFromEpoch) {
        this(thawEpochs, lowerRateFromEpoch, Tuned.EVERY_WEIGHT);
    }

    /**
     * Builds a schedule from a preset name.
     *
     * @param preset {@code feature-extraction}, {@code partial:N}, {@code full}, {@code bitfit}, {@code gradual}
     *     or {@code two-stage:K}
     * @param groupCount the number of backbone groups
     * @return the schedule
     * @throws IllegalArgumentException with a readable message when the preset is unknown
     */
    public static UnfreezeSchedule preset(String preset, int groupCount) {
        String name = preset.trim().toLowerCase(Locale.ROOT);
        String argument = null;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            argument = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        switch (name) {
            case "feature-extraction":
                noArgument(preset, argument);
                return new UnfreezeSchedule(Collections.nCopies(groupCount, NEVER), NEVER);
            case "full":
                noArgument(preset, argument);
                return new UnfreezeSchedule(Collections.nCopies(groupCount, 0), NEVER);
            case "bitfit":
                noArgument(preset, argument);
                return new UnfreezeSchedule(Collections.nCopies(groupCount, 0), NEVER, Tuned.SCALES_AND_BIASES);
            case "partial": {
                int top = number(preset, argument, 0, groupCount);
                List<Integer> epochs = new ArrayList<>();
                for (int i = 0; i < groupCount; i++) {
                    epochs.add(i >= groupCount - top ? 0 : NEVER);
                }
                return new UnfreezeSchedule(epochs, NEVER);
            }
            case "gradual": {
                noArgument(preset, argument);
                // ULMFiT: the head alone in epoch 0, then one more group per epoch from the top.
                List<Integer> epochs = new ArrayList<>();
                for (int i = 0; i < groupCount; i++) {
                    epochs.add(groupCount - i);
                }
                return new UnfreezeSchedule(epochs, NEVER);
            }
            case "two-stage": {
                int k = number(preset, argument, 1, 10_000);
                return new UnfreezeSchedule(Collections.nCopies(groupCount, k), k);
            }
            default:
                throw new IllegalArgumentException(
                        "unknown schedule '" + preset + "'; use one of " + String.join(", ", presetNames()));
        }
    }

    /** The preset names, with their argument where they take one. */
    public static List<String> presetNames() {
        return List.of("feature-extraction", "partial:N", "full", "bitfit", "gradual", "two-stage:K");
    }

    /** Whether the given backbone group trains during the given epoch. */
    public boolean trains(int group, int epoch) {
        return thawEpochs.get(group) <= epoch;
    }

    /** Whether any backbone group trains during the given epoch. */
    public boolean anyBackboneTrains(int epoch) {
        return thawEpochs.stream().anyMatch(e -> e <= epoch);
    }

    private static void noArgument(String preset, String argument) {
        if (argument != null) {
            throw new IllegalArgumentException("schedule '" + preset + "' takes no ':' argument");
        }
    }

    private static int number(String preset, String argument, int min, int max) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException("schedule '" + preset + "' needs a number after ':'");
        }
        try {
            int n = Integer.parseInt(argument);
            if (n < min || n > max) {
                throw new IllegalArgumentException(
                        "schedule '" + preset + "': " + n + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + preset + "': '" + argument + "' is not a number", e);
        }
    }
}
