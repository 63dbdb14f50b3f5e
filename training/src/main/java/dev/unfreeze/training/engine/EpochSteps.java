package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.unfreeze.training.api.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One epoch of optimiser steps over the training images, cancellable between two batches. */
final class EpochSteps {
    /** How an epoch of steps ended. */
    sealed interface Outcome {
        /** Every batch trained: the summed loss over the images and the number predicted right. */
        record Trained(double lossSum, long correct) implements Outcome { }

        /** The run was cancelled before the batch {@code cancelled.batch()}. */
        record Stopped(TrainingEvent.Cancelled cancelled) implements Outcome { }
    }

    private final Consumer<TrainingEvent> events;
    private final RunControl control;
    private final int batchSize;

    EpochSteps(Consumer<TrainingEvent> events, RunControl control, int batchSize) {
        this.events = events;
        this.control = control;
        this.batchSize = batchSize;
    }

    /** Trains the epoch {@code epoch} on the images in {@code order}. */
    Outcome run(EpochLoop loop, Trainer trainer, BatchSource source, int epoch, int[] order) throws Exception {
        AdaptedModel adapted = loop.adapted;
        double lossSum = 0;
        long correct = 0;
        try (BatchSource.Epoch prefetched = source.epoch(order, epoch, batchSize, loop.trainCache == null)) {
            for (int b = 0; b < loop.batches; b++) {
                if (control.awaitGoAhead()) {
                    return new Outcome.Stopped(new TrainingEvent.Cancelled(epoch, b));
                }
                long t0 = System.nanoTime();
                int from = b * batchSize;
                int to = Math.min(loop.train.size(), from + batchSize);
                loop.rates.setStep(loop.step);
                double lr = loop.rates.current();
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    BatchSource.HostBatch host = prefetched.next();
                    NDArray x = loop.trainCache != null ? loop.trainCache.batch(order, from, to, scope)
                            : scope.create(source.pixelBuffer(host), new Shape(to - from,
                                    adapted.preprocessing().channels(), adapted.preprocessing().size(),
                                    adapted.preprocessing().size()));
                    NDArray y = scope.create(host.labels());
                    prefetched.recycle(host); // the engine holds its own copy now
                    double loss;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList predictions = trainer.forward(new NDList(x));
                        NDArray lossArray = trainer.getLoss().evaluate(new NDList(y), predictions);
                        // each image weighs as much in the epoch's last, shorter batch as in a full one: the batch's
                        // mean loss would give four images a full step (a tiny task's 16 + 4 diverged so)
                        collector.backward(to - from < batchSize ? lossArray.mul((double) (to - from) / batchSize)
                                : lossArray);
                        loss = lossArray.getFloat();
                        correct += predictions.head().argMax(1).eq(y.toType(DataType.INT64, false)).countNonzero().getLong();
                    }
                    trainer.step();
                    lossSum += loss * (to - from);
                    loop.step++;
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    events.accept(new TrainingEvent.BatchDone(epoch, b, loop.step, loss, lr, (to - from) / seconds,
                            loop.trainCache != null, groupRates(loop, lr)));
                }
            }
        }
        return new Outcome.Trained(lossSum, correct);
    }

    /** Each backbone group's rate at the head's rate {@code lr}: its multiplier times it, or null while it is frozen. */
    private static List<Double> groupRates(EpochLoop loop, double lr) {
        List<Double> rates = new ArrayList<>(loop.groups.size());
        for (int g = 0; g < loop.groups.size(); g++) {
            rates.add(loop.trainable[g] ? lr * loop.multipliers.get(g) : null);
        }
        return rates;
    }
}
