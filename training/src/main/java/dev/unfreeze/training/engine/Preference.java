package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanOrderThresholds;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The order in which the automatic plan prefers plans that the held-out images cannot tell apart, and why: on the
 * quality benchmark, which plan was best depended on how unlike the backbone's own pictures the images are at its
 * input, from 5 to 100 images a class (docs/quality-benchmark.md); the number of images decides only where that cannot
 * be measured.
 */
enum Preference {
    /**
     * Pictures like the backbone's (photographs, textures), at every size measured (5 to 20 images a class): BitFit
     * had the smallest regret there.
     */
    SAFEST_FIRST(List.of(PlanFamily.BITFIT, PlanFamily.LINEAR_PROBE, PlanFamily.PARTIAL, PlanFamily.GRADUAL,
            PlanFamily.FULL)),
    /**
     * Images unlike the backbone's at its input (greyscale glyphs, drawings), at every size: plans that adapt the
     * kernels led BitFit on five of the six tiny such tasks, from three sources, and the whole network was best on
     * every one with 20 or more images a class.
     */
    FOREIGN_IMAGES_MOST_ADAPTED_FIRST(List.of(PlanFamily.FULL, PlanFamily.GRADUAL, PlanFamily.PARTIAL,
            PlanFamily.BITFIT, PlanFamily.LINEAR_PROBE)),
    /**
     * When the images could not be compared with the backbone's (it has no BatchNorm to compare with): from
     * {@link #ENOUGH_IMAGES} a class the most adapted first, as on most of the benchmark's tasks of that size.
     */
    ENOUGH_IMAGES_MOST_ADAPTED_FIRST(FOREIGN_IMAGES_MOST_ADAPTED_FIRST.order);

    /** Without a measured shift, from this many images in the smallest class the more adapted plan is preferred. */
    static final int ENOUGH_IMAGES = PlanOrderThresholds.ENOUGH_IMAGES;
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
     * The order for data whose images shift the backbone's first group by this much (NaN when not measured) and whose
     * smallest class has this many images: from {@link StatisticsShift#FOREIGN_AT_INPUT} the images are unlike its
     * pictures; the size decides only when nothing was measured.
     */
    static Preference of(int smallestClass, double inputShift) {
        if (Double.isNaN(inputShift)) {
            return smallestClass >= ENOUGH_IMAGES ? ENOUGH_IMAGES_MOST_ADAPTED_FIRST : SAFEST_FIRST;
        }
        return inputShift >= StatisticsShift.FOREIGN_AT_INPUT ? FOREIGN_IMAGES_MOST_ADAPTED_FIRST : SAFEST_FIRST;
    }

    /**
     * The order for this data, by the shift at the backbone's input.
     *
     * @param notice told, in a sentence, when the images are unlike the backbone's pictures
     */
    static Preference forData(int smallestClass, double shift, Consumer<String> notice) {
        Preference preference = of(smallestClass, shift);
        if (preference == FOREIGN_IMAGES_MOST_ADAPTED_FIRST) {
            notice.accept(String.format(Locale.ROOT, "These images are unlike the backbone's own at its input"
                    + " (statistics shift %.2f): plans that fine-tune the kernels are preferred to BitFit and the probe"
                    + " when the folds cannot tell them apart", shift));
        }
        return preference;
    }

    /** Why this order, in words for the plan's reason. */
    String why() {
        return switch (this) {
            case SAFEST_FIRST -> "the safest on the benchmark's tasks of pictures like the backbone's";
            case ENOUGH_IMAGES_MOST_ADAPTED_FIRST -> "with " + ENOUGH_IMAGES + " or more images in every class,"
                    + " fine-tuning usually wins";
            case FOREIGN_IMAGES_MOST_ADAPTED_FIRST -> String.format(Locale.ROOT, "these images are unlike the"
                    + " backbone's at its input (a statistics shift of %.2f or more), where fine-tuning the kernels"
                    + " usually wins, even on a few images a class", StatisticsShift.FOREIGN_AT_INPUT);
        };
    }
}
