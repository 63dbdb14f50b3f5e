package dev.unfreeze.training.data;

import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport.Severity;
import java.util.Optional;

/** Whether a class has images enough to train on, and what the dataset report says when it has few. */
final class ClassSize {
    /** Classes with fewer readable images than this get a warning. */
    static final int FEW_IMAGES = 5;
    /** Classes with fewer readable training images than this cannot train, unless they have validation images. */
    static final int TOO_FEW_IMAGES = 2;

    private ClassSize() {}

    /**
     * The finding for a class of {@code train} training images ({@code all} readable in all, {@code val} of them
     * validation images of its own, {@code test} of them in the dataset's test part), if it has too few or few.
     */
    static Optional<Finding> finding(String name, int train, int val, int test, int all) {
        String images = (train == all ? " readable image" : " readable training image") + (train == 1 ? "" : "s");
        // two: one to learn from and one to judge by; a validation part of its own judges, so one then learns
        // (the automatic plan's folds of a class of two images train on one and hold the other out)
        int needed = val > 0 ? 1 : TOO_FEW_IMAGES;
        if (train < needed) {
            return Optional.of(new Finding(Severity.ERROR, "few-images", null, "the class '" + name + "' has " + train
                    + images + "; a class needs at least " + needed + (needed == 1 ? " to learn from" : "")
                    + " (better 20 or more)" + testPartHint(test)));
        }
        if (train < FEW_IMAGES) {
            return Optional.of(new Finding(Severity.WARNING, "few-images", null, "the class '" + name + "' has only "
                    + train + images + "; results will be unreliable below " + FEW_IMAGES + " (better 20 or more)"));
        }
        return Optional.empty();
    }

    /** Where a class's images sit in the test part: the commonest reason a class with images has none to train on. */
    private static String testPartHint(int test) {
        return test == 0 ? "" : "; its " + test + (test == 1 ? " test image never trains" : " test images never train")
                + " (the test part only scores the model): move some into the training part";
    }
}
