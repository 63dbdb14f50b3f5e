package dev.unfreeze.training.api;

import java.util.List;

/**
 * Where the automatic plan's order of preference changes, for the window and the command line to describe with the
 * engine's own numbers. The measurements behind them are in docs/quality-benchmark.md.
 */
public final class PlanOrderThresholds {
    /** From this many images in the smallest class the plan search runs the range test. */
    public static final int ENOUGH_IMAGES = 20;
    /**
     * From this many images in the smallest class the automatic plan prefers the most adapted plan whatever the
     * images; under it, for pictures like the backbone's, BitFit. On the benchmark's photographs and textures BitFit led
     * or was level on nine of ten tasks below 15 a class, the whole network from 18; 17 had the smallest regret
     * (docs/quality-benchmark.md).
     */
    public static final int MOST_ADAPTED_FROM = 17;
    /**
     * From this many labelled images in all the automatic plan prefers the most adapted plan whatever the images: on
     * the benchmark's photograph, texture and drawing tasks of 50 to 80 images BitFit and the whole network were level
     * on the mean, below 50 BitFit led; on CIFAR-10's photographs, added after the rule was chosen, the whole network
     * led BitFit from 50 images (docs/quality-benchmark.md).
     */
    public static final int MOST_ADAPTED_FROM_IMAGES = 50;
    /**
     * From this many classes the automatic plan prefers the most adapted plan whatever the images a class: on the
     * benchmark's tasks of twenty classes, from two sources at 4 and 8 a class, the whole network led BitFit on the
     * mean, where on ten classes BitFit led (docs/quality-benchmark.md).
     */
    public static final int MANY_CLASSES = 20;
    /**
     * The statistics shift of the backbone's first group (0 to 1) from which images count as unlike its pictures:
     * photographs and textures measured 0.03 to 0.07 there (at 32 px too), glyphs from three sources 0.14 to 0.20.
     */
    public static final double FOREIGN_AT_INPUT = 0.1;

    /**
     * The shift at the backbone's input, from each group's shift input to output: that of the first group with
     * BatchNorm layers (NaN for a group without; NaN when none has any, or nothing was measured).
     */
    public static double shiftAtInput(List<Double> groupShifts) {
        return groupShifts.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).findFirst()
                .orElse(Double.NaN);
    }

    private PlanOrderThresholds() {}
}
