package dev.unfreeze.training.engine;

import java.util.List;
import java.util.Locale;

/**
 * The order in which the automatic plan prefers plans that the held-out images cannot tell apart, and why: on the
 * quality benchmark, which plan was best depended on how many images each class has and on how unlike the backbone's
 * own pictures the images are at its input (docs/quality-benchmark.md).
 */
enum Preference {
    /** Under {@link #ENOUGH_IMAGES} a class, pictures like the backbone's: BitFit had the smallest regret there. */
    SAFEST_FIRST(List.of(PlanFamily.BITFIT, PlanFamily.LINEAR_PROBE, PlanFamily.PARTIAL, PlanFamily.GRADUAL,
            PlanFamily.FULL)),
    /**
     * From {@link #ENOUGH_IMAGES} a class: the whole network was best, or within 0.005 of it, on every such task the
     * oracle was run on.
     */
    ENOUGH_IMAGES_MOST_ADAPTED_FIRST(List.of(PlanFamily.FULL, PlanFamily.GRADUAL, PlanFamily.PARTIAL,
            PlanFamily.BITFIT, PlanFamily.LINEAR_PROBE)),
    /**
     * Few images, but unlike the backbone's at its input (greyscale glyphs, drawings): plans that adapt the kernels
     * led BitFit on five of the six such tasks, from three sources, so the most adapted come first here too.
     */
    FOREIGN_IMAGES_MOST_ADAPTED_FIRST(ENOUGH_IMAGES_MOST_ADAPTED_FIRST.order);

    /** From this many images in the smallest class the more adapted plan is preferred whatever the images. */
    static final int ENOUGH_IMAGES = 20;
    private final List<PlanFamily> order;

    Preference(List<PlanFamily> order) {
        this.order = order;
    }

    /** The plans, the preferred first. */
    List<PlanFamily> order() {
        return order;
    }

    /** Whether the most adapted plans come first. */
    boolean adapted() {
        return this != SAFEST_FIRST;
    }

    /**
     * The order for data whose smallest class has this many images and whose images shift the backbone's first group
     * by this much (NaN when not measured): from {@link StatisticsShift#FOREIGN_AT_INPUT} the images are unlike its
     * pictures.
     */
    static Preference of(int smallestClass, double inputShift) {
        if (smallestClass >= ENOUGH_IMAGES) {
            return ENOUGH_IMAGES_MOST_ADAPTED_FIRST;
        }
        return inputShift >= StatisticsShift.FOREIGN_AT_INPUT ? FOREIGN_IMAGES_MOST_ADAPTED_FIRST : SAFEST_FIRST;
    }

    /** Why this order, in words for the plan's reason. */
    String why() {
        return switch (this) {
            case SAFEST_FIRST -> "the safest on the benchmark's tasks with under " + ENOUGH_IMAGES + " images a class"
                    + " and pictures like the backbone's";
            case ENOUGH_IMAGES_MOST_ADAPTED_FIRST -> "with " + ENOUGH_IMAGES + " or more images in every class,"
                    + " fine-tuning usually wins";
            case FOREIGN_IMAGES_MOST_ADAPTED_FIRST -> String.format(Locale.ROOT, "these images are unlike the"
                    + " backbone's at its input (a statistics shift of %.2f or more), where fine-tuning the kernels"
                    + " usually wins even on a few images a class", StatisticsShift.FOREIGN_AT_INPUT);
        };
    }
}
