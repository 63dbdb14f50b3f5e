package dev.unfreeze.training.engine;

/** Class scores turned into probabilities, computed stably (the largest score subtracted before exponentiating). */
final class Softmax {
    private Softmax() {}

    /**
     * Replaces the scores by their softmax probabilities.
     *
     * @return the same array
     */
    static double[] inPlace(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < scores.length; c++) {
            scores[c] = Math.exp(scores[c] - max);
            sum += scores[c];
        }
        for (int c = 0; c < scores.length; c++) {
            scores[c] /= sum;
        }
        return scores;
    }
}
