package dev.unfreeze.training.api;

import java.util.List;
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

    /** Whether the given backbone group trains during the given epoch. */
    public boolean trains(int group, int epoch) {
        return thawEpochs.get(group) <= epoch;
    }

    /** Whether any backbone group trains during the given epoch. */
    public boolean anyBackboneTrains(int epoch) {
        return thawEpochs.stream().anyMatch(e -> e <= epoch);
    }

    /** Whether any backbone group ever trains. */
    public boolean anyBackboneEverTrains() {
        return thawEpochs.stream().anyMatch(e -> e != NEVER);
    }
}
