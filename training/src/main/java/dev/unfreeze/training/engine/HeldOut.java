package dev.unfreeze.training.engine;

import dev.unfreeze.training.data.Sample;
import java.util.List;

/** When a run keeps part of its labelled images out of training to judge it. */
final class HeldOut {
    /**
     * Below this many images in the smallest class a held-out part is a handful of images a class: too few to judge
     * a run or to stop it early, and a fifth of what it could learn from. There a preset run trains on every image
     * for its whole length. Measured on the quality benchmark's tasks with 10 to 16 images a class, where holding
     * out a fifth (and stopping early on it) lost on all four (docs/quality-benchmark.md).
     */
    static final int FROM_IMAGES_A_CLASS = 20;

    private HeldOut() {
    }

    /** The number of images of the smallest class among {@code classes}. */
    static int smallestClass(List<Sample> samples, int classes) {
        int[] counts = new int[classes];
        for (Sample s : samples) {
            counts[s.label()]++;
        }
        int min = Integer.MAX_VALUE;
        for (int c : counts) {
            min = Math.min(min, c);
        }
        return min;
    }

    /** Whether a part of these training images should be held out for validation. */
    static boolean worthHoldingOut(List<Sample> train, int classes) {
        return smallestClass(train, classes) >= FROM_IMAGES_A_CLASS;
    }
}
