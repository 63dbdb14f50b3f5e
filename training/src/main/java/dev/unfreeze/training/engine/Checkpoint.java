package dev.unfreeze.training.engine;

import java.util.List;

/**
 * Where a run stands after an epoch, stored with the weights so a run can resume exactly there.
 *
 * @param epoch the last completed epoch (0-based)
 * @param step optimiser steps taken so far
 * @param bestMetric the best value of the early-stopping metric so far
 * @param bestEpoch the epoch that reached it
 * @param epochsWithoutImprovement early stopping's counter
 * @param bestValAccuracy validation accuracy at the best epoch
 * @param bestValLoss validation loss at the best epoch
 * @param classes the class names, in label order
 * @param temperature what the head's scores were divided by when these weights were saved: the best checkpoint's
 *     run temperature, so that a resumed run can say which one the model it offers keeps; 1 in the last checkpoint
 *     (it keeps the trained values) and in files written before the field
 * @param sha256 checksum of everything that follows the header
 * @param moduleBytes length of the TorchScript backbone (0 for other backbones); it carries the
 *     BatchNorm statistics, which TorchScript does not expose as parameters
 * @param weightBytes length of the named parameter values that follow it
 * @param optimizerBytes length of the optimiser's state that follows them ({@link OptimizerState}): only in the last
 *     checkpoint, the one a run resumes from; 0 in the best one and in files written before the field
 */
public record Checkpoint(
        int epoch,
        long step,
        double bestMetric,
        int bestEpoch,
        int epochsWithoutImprovement,
        double bestValAccuracy,
        double bestValLoss,
        List<String> classes,
        double temperature,
        String sha256,
        long moduleBytes,
        long weightBytes,
        long optimizerBytes) {

    public Checkpoint {
        if (!(temperature > 0)) {
            temperature = 1; // absent from older files: their header says nothing about the head
        }
    }

    /** The same state, for weights saved with their head's scores divided by {@code divisor}. */
    public Checkpoint dividedBy(double divisor) {
        return new Checkpoint(epoch, step, bestMetric, bestEpoch, epochsWithoutImprovement, bestValAccuracy,
                bestValLoss, classes, divisor, sha256, moduleBytes, weightBytes, optimizerBytes);
    }
}
