package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanOrderRule;
import dev.unfreeze.training.api.PlanOrderThresholds;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The order in which the automatic plan prefers plans that the held-out images cannot tell apart, and why: on the
 * quality benchmark, which plan was best depended on how unlike the backbone's own pictures the images are at its
 * input and, for pictures like them, on the number of images a class and in all (docs/quality-benchmark.md).
 */
enum Preference {
    /**
     * Pictures like the backbone's (photographs, textures) with under {@link #MOST_ADAPTED_FROM} images in a class and
     * under {@link #MOST_ADAPTED_FROM_IMAGES} in all: BitFit had the smallest regret on the benchmark's tiny such
     * tasks.
     */
    SAFEST_FIRST(PlanOrderRule.FEW_IMAGES, List.of(PlanFamily.BITFIT, PlanFamily.LINEAR_PROBE, PlanFamily.PARTIAL,
            PlanFamily.GRADUAL, PlanFamily.FULL)),
    /**
     * Images unlike the backbone's at its input (greyscale glyphs, drawings), at every size: plans that adapt the
     * kernels led BitFit on five of the six tiny such tasks, from three sources, and the whole network was best on
     * every one with 20 or more images a class.
     */
    FOREIGN_IMAGES_MOST_ADAPTED_FIRST(PlanOrderRule.FOREIGN_IMAGES, List.of(PlanFamily.FULL, PlanFamily.GRADUAL,
            PlanFamily.PARTIAL, PlanFamily.BITFIT, PlanFamily.LINEAR_PROBE)),
    /**
     * From {@link #MOST_ADAPTED_FROM} images a class, whatever the images: the whole network was best on the glyph
     * tasks of that size and led or was level with BitFit on most photograph and texture tasks of 18 to 20 a class
     * (docs/quality-benchmark.md).
     */
    ENOUGH_IMAGES_MOST_ADAPTED_FIRST(PlanOrderRule.ENOUGH_IMAGES_A_CLASS, FOREIGN_IMAGES_MOST_ADAPTED_FIRST.order),
    /**
     * From {@link #MOST_ADAPTED_FROM_IMAGES} labelled images in all, whatever the images: on the benchmark's pictures
     * like the backbone's BitFit and the whole network were level on the mean from there, and on a second source of
     * photographs (CIFAR-10) the whole network led (docs/quality-benchmark.md).
     */
    MANY_IMAGES_MOST_ADAPTED_FIRST(PlanOrderRule.MANY_IMAGES, FOREIGN_IMAGES_MOST_ADAPTED_FIRST.order),
    /**
     * From {@link #MANY_CLASSES} classes, whatever the images a class: on the benchmark's tasks of twenty classes the
     * whole network led BitFit, which was barely ahead of the probe there (docs/quality-benchmark.md).
     */
    MANY_CLASSES_MOST_ADAPTED_FIRST(PlanOrderRule.MANY_CLASSES, FOREIGN_IMAGES_MOST_ADAPTED_FIRST.order);

    /** From this many images in the smallest class the more adapted plan is preferred, whatever the images. */
    static final int MOST_ADAPTED_FROM = PlanOrderThresholds.MOST_ADAPTED_FROM;
    /** From this many labelled images in all the more adapted plan is preferred, whatever the images. */
    static final int MOST_ADAPTED_FROM_IMAGES = PlanOrderThresholds.MOST_ADAPTED_FROM_IMAGES;
    /** From this many classes the more adapted plan is preferred, whatever the images. */
    static final int MANY_CLASSES = PlanOrderThresholds.MANY_CLASSES;
    /** From this many images in the smallest class the plan search runs the range test. */
    static final int ENOUGH_IMAGES = PlanOrderThresholds.ENOUGH_IMAGES;
    /** The rule that gives this order. */
    private final PlanOrderRule rule;
    private final List<PlanFamily> order;

    Preference(PlanOrderRule rule, List<PlanFamily> order) {
        this.rule = rule;
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
     * The order for data whose images shift the backbone's first group by this much (NaN when not measured), whose
     * smallest class has this many images, in this many classes, of this many labelled images in all: from
     * {@link StatisticsShift#FOREIGN_AT_INPUT} the images are unlike its pictures; below that (or unmeasured) the
     * images a class, the classes and the images in all decide.
     */
    static Preference of(int smallestClass, int classes, int images, double inputShift) {
        PlanOrderRule rule = PlanOrderRule.of(smallestClass, classes, images, inputShift);
        return Arrays.stream(values()).filter(p -> p.rule == rule).findFirst().orElseThrow();
    }

    /**
     * The order for this data, by the shift at the backbone's input.
     *
     * @param images the labelled images in all
     * @param notice told, in a sentence, when the images are unlike the backbone's pictures
     */
    static Preference forData(int smallestClass, int classes, int images, double shift, Consumer<String> notice) {
        Preference preference = of(smallestClass, classes, images, shift);
        if (preference == FOREIGN_IMAGES_MOST_ADAPTED_FIRST) {
            notice.accept(String.format(Locale.ROOT, "These images are unlike the backbone's own at its input"
                    + " (statistics shift %.2f): plans that fine-tune the kernels are preferred to BitFit and the probe"
                    + " when the folds cannot tell them apart", shift));
        }
        return preference;
    }

    /** Why this order, in words for the plan's reason: the benchmark's evidence for its rule. */
    String why() {
        return rule.evidence();
    }
}
