package dev.unfreeze.training.api;

import java.util.List;

/**
 * How far a model's confidences can be trusted on labelled images: the mean probability of the class it names against
 * how often it is right, the expected calibration error over ten bins of confidence (Guo et al. 2017) and the log
 * loss. On a few dozen images a class a model trained to a near-zero loss on every image is often surer than right.
 *
 * @param images how many answers
 * @param accuracy how often the named class is right
 * @param meanConfidence the mean probability of the named class
 * @param calibrationError per bin of confidence (0-0.1, ..., 0.9-1), the gap between mean confidence and accuracy,
 *     weighted by the bin's share of the images
 * @param logLoss the mean of -ln(the true class's probability)
 */
public record Calibration(int images, double accuracy, double meanConfidence, double calibrationError, double logLoss) {
    /** How far the mean confidence may stray from the accuracy and still be called faithful: five images in a hundred. */
    public static final double MARGIN = 0.05;
    /** The answers a verdict needs: on fewer, one image moves the accuracy by more than {@link #MARGIN}. */
    public static final int ENOUGH_IMAGES = 20;
    private static final int BINS = 10;
    /** The smallest probability the log loss counts, so that one answer of 0 does not make it infinite. */
    private static final double FLOOR = 1e-7;

    /**
     * One answer.
     *
     * @param confidence the probability of the class the model named
     * @param right whether that class is the true one
     * @param trueProbability the probability the model gave the true class (NaN where unknown: no log loss then)
     */
    public record Answer(double confidence, boolean right, double trueProbability) {}

    /** The calibration of some answers; NaN figures for none. */
    public static Calibration of(List<Answer> answers) {
        int n = answers.size();
        if (n == 0) {
            return new Calibration(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] confidence = new double[BINS];
        int[] right = new int[BINS];
        double loss = 0;
        int correct = 0;
        double sumConfidence = 0;
        for (Answer a : answers) {
            int bin = Math.min(BINS - 1, (int) (a.confidence() * BINS));
            confidence[bin] += a.confidence();
            right[bin] += a.right() ? 1 : 0;
            correct += a.right() ? 1 : 0;
            sumConfidence += a.confidence();
            loss -= Math.log(Math.max(FLOOR, a.trueProbability()));
        }
        double gap = 0;
        for (int b = 0; b < BINS; b++) {
            gap += Math.abs(confidence[b] - right[b]);
        }
        return new Calibration(n, (double) correct / n, sumConfidence / n, gap / n, loss / n);
    }

    /** The mean confidence minus the accuracy: above 0 the model is surer than right, below 0 less sure. */
    public double overstatement() {
        return meanConfidence - accuracy;
    }

    /** What the percentages say of how often the model is right. */
    public enum Verdict {
        /** More than {@link #MARGIN} above the accuracy on average. */
        OVERSTATED,
        /** More than {@link #MARGIN} below it. */
        UNDERSTATED,
        /** Within {@link #MARGIN} of it. */
        FAITHFUL,
        /** Under {@link #ENOUGH_IMAGES} answers: a few images cannot tell. */
        TOO_FEW_IMAGES
    }

    /** Which way the percentages err, if the answers are enough to tell. */
    public Verdict verdict() {
        if (images < ENOUGH_IMAGES) {
            return Verdict.TOO_FEW_IMAGES;
        }
        return overstatement() > MARGIN ? Verdict.OVERSTATED
                : overstatement() < -MARGIN ? Verdict.UNDERSTATED : Verdict.FAITHFUL;
    }
}
