package dev.unfreeze.training.api;

/**
 * How fast this computer trains a model, measured once: the basis of the workbench's time estimates.
 *
 * @param model the model's id
 * @param frozenImagesPerSecond training images per second with only the head trainable
 * @param fullImagesPerSecond training images per second with everything trainable
 * @param scalesAndBiasesImagesPerSecond training images per second with only every group's scales, shifts and biases
 *     trainable (BitFit): the backward pass still runs through the whole network; 0 where not measured
 */
public record Throughput(String model, double frozenImagesPerSecond, double fullImagesPerSecond,
        double scalesAndBiasesImagesPerSecond) {

    /** Whether every figure the estimates use was measured (a measurement from an older version lacks BitFit's). */
    public boolean complete() {
        return frozenImagesPerSecond > 0 && fullImagesPerSecond > 0 && scalesAndBiasesImagesPerSecond > 0;
    }

    /**
     * Estimated seconds for one epoch: the backward pass costs in proportion to the share of the
     * backbone that trains; validation is a forward pass at about the frozen rate.
     *
     * @param trainableShare the trainable share of the backbone's parameters (0 to 1)
     */
    public double epochSeconds(int trainImages, int valImages, double trainableShare) {
        return epochSeconds(trainImages, valImages, trainableShare, UnfreezeSchedule.Tuned.EVERY_WEIGHT);
    }

    /**
     * {@link #epochSeconds(int, int, double)} where the trainable groups train what {@code tuned} names: with only
     * their vectors (BitFit) the backward pass costs BitFit's measured rate, not the whole network's.
     *
     * @param trainableShare the share of the backbone's parameters in the groups that train (0 to 1)
     */
    public double epochSeconds(int trainImages, int valImages, double trainableShare, UnfreezeSchedule.Tuned tuned) {
        double frozen = 1 / frozenImagesPerSecond;
        double top = 1 / (tuned == UnfreezeSchedule.Tuned.SCALES_AND_BIASES && scalesAndBiasesImagesPerSecond > 0
                ? scalesAndBiasesImagesPerSecond : fullImagesPerSecond);
        double perImage = frozen + Math.max(0, Math.min(1, trainableShare)) * Math.max(0, top - frozen);
        return trainImages * perImage + valImages * frozen;
    }
}
