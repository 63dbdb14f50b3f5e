package dev.unfreeze.training.api;

import java.util.List;

/**
 * A run found on disk, as a list of past runs shows it.
 *
 * @param directory the run folder
 * @param model the base model
 * @param schedule the unfreeze schedule
 * @param fromScratch whether it is a from-scratch baseline
 * @param status how it ended, or that it is still running
 * @param message why it was interrupted, or null
 * @param epochsDone epochs with results
 * @param epochs epochs planned
 * @param bestValAccuracy the best validation accuracy, or NaN
 * @param valAccuracy validation accuracy per epoch
 * @param resumable whether it can continue from a checkpoint
 */
public record PastRun(String directory, String model, String schedule, boolean fromScratch, RunStatus status, String message,
        int epochsDone, int epochs, double bestValAccuracy, List<Double> valAccuracy, boolean resumable) {}
