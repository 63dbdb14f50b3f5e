package dev.unfreeze.training.api;

/**
 * How long a run trains when its recipe leaves it open ({@code epochs} 0): about
 * {@link #TARGET_STEPS} optimiser steps, within 10 to 50 epochs, and long enough for a gradual
 * schedule to thaw every group. The command line, the workbench and the engine all ask here.
 */
public final class TrainingLength {
    /**
     * Optimiser steps a fine-tuning run aims for. Measured here: 25 steps (5 epochs of 160 images at
     * batch 32) left full fine-tuning at chance; about 150 (15 epochs at batch 16) reached 0.94. On 400
     * images (fashion-100's final run, whole network, best epoch kept by the held-out 100) 250 steps
     * ended at 0.934 on the test images with the held-out loss still falling, 400 steps at 0.954 (the plain
     * PyTorch fine-tune, 480 steps on all 500 images: 0.950).
     */
    public static final int TARGET_STEPS = 400;
    public static final int MIN_EPOCHS = 10;
    public static final int MAX_EPOCHS = 50;

    private TrainingLength() {}

    /**
     * The epochs for a schedule on this many training images.
     *
     * @param trainImages images trained on per epoch
     */
    public static int epochs(int trainImages, int batchSize, UnfreezeSchedule schedule) {
        int stepsPerEpoch = Math.max(1, (trainImages + batchSize - 1) / batchSize);
        int epochs = (TARGET_STEPS + stepsPerEpoch - 1) / stepsPerEpoch;
        int lastThaw = schedule.thawEpochs().stream().filter(e -> e != UnfreezeSchedule.NEVER).max(Integer::compare).orElse(0);
        return Math.max(Math.min(MAX_EPOCHS, lastThaw + 3), Math.min(MAX_EPOCHS, Math.max(MIN_EPOCHS, epochs)));
    }
}
