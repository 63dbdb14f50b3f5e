package dev.unfreeze.training.api;

/**
 * Which of the automatic plan's rules sets its order of preference for a dataset, decided in one place so that the
 * engine's order and the window's advice cannot disagree. The thresholds, and the measurements behind them, are in
 * {@link PlanOrderThresholds}.
 */
public enum PlanOrderRule {
    /** Images unlike the backbone's pictures at its input (glyphs, drawings): the most adapted plan first. */
    FOREIGN_IMAGES(true),
    /** {@link PlanOrderThresholds#MOST_ADAPTED_FROM} or more images in the smallest class: the most adapted first. */
    ENOUGH_IMAGES_A_CLASS(true),
    /** {@link PlanOrderThresholds#MANY_CLASSES} classes or more: the most adapted plan first. */
    MANY_CLASSES(true),
    /** {@link PlanOrderThresholds#MOST_ADAPTED_FROM_IMAGES} labelled images or more: the most adapted plan first. */
    MANY_IMAGES(true),
    /** A few pictures like the backbone's (or not measured): BitFit first, the safest there. */
    FEW_IMAGES(false);

    private final boolean mostAdaptedFirst;

    PlanOrderRule(boolean mostAdaptedFirst) {
        this.mostAdaptedFirst = mostAdaptedFirst;
    }

    /** Whether the plans that adapt the most come first (else BitFit). */
    public boolean mostAdaptedFirst() {
        return mostAdaptedFirst;
    }

    /**
     * The rule for data whose images shift the backbone's first group by this much (NaN when not measured), whose
     * smallest class has this many images, in this many classes, of this many labelled images in all: the shift
     * decides first, then the images a class, the classes and the images in all.
     */
    public static PlanOrderRule of(int smallestClass, int classes, int images, double shiftAtInput) {
        if (!Double.isNaN(shiftAtInput) && shiftAtInput >= PlanOrderThresholds.FOREIGN_AT_INPUT) {
            return FOREIGN_IMAGES;
        }
        if (smallestClass >= PlanOrderThresholds.MOST_ADAPTED_FROM) {
            return ENOUGH_IMAGES_A_CLASS;
        }
        if (classes >= PlanOrderThresholds.MANY_CLASSES) {
            return MANY_CLASSES;
        }
        return images >= PlanOrderThresholds.MOST_ADAPTED_FROM_IMAGES ? MANY_IMAGES : FEW_IMAGES;
    }
}
