package dev.unfreeze.training.api;

import java.util.Locale;

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
     * What the quality benchmark showed for data under this rule, in the words that both the automatic plan's reason
     * and the window's advice give (a clause: no capital, no full stop).
     */
    public String evidence() {
        return switch (this) {
            case FOREIGN_IMAGES -> String.format(Locale.ROOT, "these images are unlike the backbone's pictures at its"
                    + " input (a statistics shift of %.2f or more), where fine-tuning the kernels led BitFit and the"
                    + " probe on the benchmark's glyph and drawing tasks, even on a few images a class",
                    PlanOrderThresholds.FOREIGN_AT_INPUT);
            case ENOUGH_IMAGES_A_CLASS -> "with " + PlanOrderThresholds.MOST_ADAPTED_FROM + " or more images in every"
                    + " class, fine-tuning the whole network led on the benchmark's glyph tasks and on most of its"
                    + " photograph and texture tasks";
            case MANY_CLASSES -> "with " + PlanOrderThresholds.MANY_CLASSES + " classes or more, fine-tuning the"
                    + " kernels led BitFit and the probe on the benchmark's tasks of that many classes";
            case MANY_IMAGES -> "with " + PlanOrderThresholds.MOST_ADAPTED_FROM_IMAGES + " labelled images or more,"
                    + " fine-tuning the whole network was level with BitFit or led it on the benchmark's photographs";
            case FEW_IMAGES -> "with under " + PlanOrderThresholds.MOST_ADAPTED_FROM + " images a class and under "
                    + PlanOrderThresholds.MOST_ADAPTED_FROM_IMAGES + " in all, BitFit, which keeps the pretrained"
                    + " kernels and tunes only their scales and biases, was the safest on the benchmark's photographs"
                    + " and textures";
        };
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
