package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.TrainingImages;
import dev.unfreeze.training.data.Sample;
import java.util.List;

/** When a run keeps part of its labelled images out of training to judge it ({@link TrainingImages}'s rule). */
final class HeldOut {
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
        return TrainingImages.worthHoldingOut(smallestClass(train, classes));
    }
}
