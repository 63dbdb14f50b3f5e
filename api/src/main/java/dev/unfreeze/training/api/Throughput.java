package dev.unfreeze.training.api;

/**
 * How fast this computer trains a model, measured once: the basis of the workbench's time estimates.
 *
 * @param model the model's id
 * @param frozenImagesPerSecond training images per second with only the head trainable
 * @param fullImagesPerSecond training images per second with everything trainable
 */
public record Throughput(String model, double frozenImagesPerSecond, double fullImagesPerSecond) {

    /**
     * Estimated seconds for one epoch: the backward pass costs in proportion to the share of the
     * backbone that trains; validation is a forward pass at about the frozen rate.
     *
     * @param trainableShare the trainable share of the backbone's parameters (0 to 1)
     */
    public double epochSeconds(int trainImages, int valImages, double trainableShare) {
        double frozen = 1 / frozenImagesPerSecond;
        double full = 1 / fullImagesPerSecond;
        double perImage = frozen + Math.max(0, Math.min(1, trainableShare)) * Math.max(0, full - frozen);
        return trainImages * perImage + valImages * frozen;
    }
}
