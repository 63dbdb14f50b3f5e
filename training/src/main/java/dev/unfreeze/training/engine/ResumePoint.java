package dev.unfreeze.training.engine;

/**
 * Where a resumed run continues: the state its last checkpoint recorded, and the optimiser's state saved with it.
 *
 * @param state the epoch, step and early-stopping state
 * @param optimizer the optimiser's state ({@link OptimizerState}), empty when the checkpoint holds none
 */
public record ResumePoint(Checkpoint state, byte[] optimizer) {
}
