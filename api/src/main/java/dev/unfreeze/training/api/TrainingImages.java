package dev.unfreeze.training.api;

/**
 * The images a run trains and validates on each epoch: the dataset's own validation part as it is, or a share of
 * the labelled images held out when every class has enough of them. Test images take part in neither. The engine
 * splits by this rule, and the workbench counts by it to set a preset's length and estimate its time.
 *
 * @param train images trained on per epoch
 * @param val images validated on per epoch
 */
public record TrainingImages(int train, int val) {
    /**
     * Below this many images in the smallest class a held-out part is a handful of images a class: too few to judge
     * a run or to stop it early, and a fifth of what it could learn from. There a preset run trains on every image
     * for its whole length. Measured on the quality benchmark's tasks with 10 to 16 images a class, where holding
     * out a fifth (and stopping early on it) lost on all four (docs/quality-benchmark.md).
     */
    public static final int HELD_OUT_FROM = 20;

    /** Whether a part of the training images is held out when the smallest class has this many. */
    public static boolean worthHoldingOut(int smallestClass) {
        return smallestClass >= HELD_OUT_FROM;
    }

    /** The split a run of this dataset makes, holding out {@code valFraction} when it has no validation part. */
    public static TrainingImages of(DatasetReport dataset, double valFraction) {
        int labelled = dataset.classes().stream().mapToInt(c -> c.train() + c.val()).sum();
        if (dataset.classes().stream().anyMatch(c -> c.val() > 0)) {
            int val = dataset.classes().stream().mapToInt(DatasetReport.ClassEntry::val).sum();
            return new TrainingImages(labelled - val, val);
        }
        int smallest = dataset.classes().stream().mapToInt(DatasetReport.ClassEntry::train).min().orElse(0);
        int val = valFraction > 0 && worthHoldingOut(smallest) ? (int) Math.round(labelled * valFraction) : 0;
        return new TrainingImages(labelled - val, val);
    }
}
