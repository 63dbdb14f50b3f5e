package dev.unfreeze.training.engine;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * A linear head on fixed backbone features, trained to convergence: multinomial logistic
 * regression with an L2 penalty, minimised by L-BFGS over the whole set at once. On cached features
 * this takes seconds, where epochs of mini-batch SGD stop long before the optimum. Features are
 * standardised for the solver (it converges in a few dozen iterations then), and the result is
 * folded back into weights on the raw features, so the head is an ordinary linear layer.
 */
final class LinearProbe {
    /** L2 strengths tried, per sample (the loss is a mean); the best one is chosen by cross-validation. */
    static final double[] L2_GRID = {1e-4, 1e-3, 1e-2, 3e-2, 1e-1, 0.3, 1.0};
    /**
     * The least spread a feature counts as having when features are scaled one by one, as a share of the median
     * feature's: a channel that barely varies on the training images would otherwise get a huge weight, and on a new
     * image, where it moves, a score that swamps the rest (docs/quality-benchmark.md).
     */
    static final double SPREAD_FLOOR = 0.1;

    private LinearProbe() {}

    /** How features are scaled for the solver, which decides what the L2 penalty weighs. */
    enum Scaling {
        /** Each feature to unit variance (its spread floored at {@link #SPREAD_FLOOR} of the median's). */
        PER_FEATURE,
        /**
         * Every feature by one factor (the root of their mean variance), so that the raw weights stay on one scale: a
         * head that a fine-tune starts from needs it, since per-feature scaling gives a pretrained backbone's nearly
         * constant channels huge weights, whose scores explode once training moves those features.
         */
        POOLED
    }

    /**
     * A fitted head on raw features: scores = weights x features + bias.
     *
     * @param weights C x D
     * @param bias C
     * @param l2 the penalty it was fitted with
     * @param loss the mean training cross-entropy at the optimum (without the penalty)
     * @param iterations L-BFGS iterations used
     */
    record Head(float[][] weights, float[] bias, double l2, double loss, int iterations) {
        /** The most likely class of one feature vector. */
        int predict(float[] features) {
            double[] scores = logits(features);
            int best = 0;
            for (int c = 1; c < scores.length; c++) {
                if (scores[c] > scores[best]) {
                    best = c;
                }
            }
            return best;
        }

        /** Its softmax probability of every class for one feature vector. */
        double[] probabilities(float[] features) {
            return Softmax.inPlace(logits(features));
        }

        private double[] logits(float[] features) {
            double[] scores = new double[bias.length];
            for (int c = 0; c < bias.length; c++) {
                double s = bias[c];
                float[] w = weights[c];
                for (int d = 0; d < w.length; d++) {
                    s += w[d] * features[d];
                }
                scores[c] = s;
            }
            return scores;
        }

        /** The share of the given rows it classifies right. */
        double accuracy(float[][] x, int[] y, int[] rows) {
            int correct = 0;
            for (int r : rows) {
                correct += predict(x[r]) == y[r] ? 1 : 0;
            }
            return rows.length == 0 ? Double.NaN : (double) correct / rows.length;
        }

        /** The summed cross-entropy of the given rows' classes (-ln of the probability each gets). */
        double crossEntropy(float[][] x, int[] y, int[] rows) {
            double sum = 0;
            for (int r : rows) {
                sum -= Math.log(Math.max(probabilities(x[r])[y[r]], Double.MIN_NORMAL));
            }
            return sum;
        }
    }

    /**
     * Fits a head on the given rows.
     *
     * @param x features, one row per image
     * @param y class indices
     * @param rows the rows to fit on
     * @param classes the number of classes
     * @param l2 the penalty on the (standardised) weights
     * @param onIteration told the mean loss after each iteration (progress), may be null
     */
    static Head fit(float[][] x, int[] y, int[] rows, int classes, double l2, DoubleConsumer onIteration) {
        return fit(x, y, rows, classes, l2, Scaling.PER_FEATURE, onIteration);
    }

    /** As above, with the features scaled for the solver as {@code scaling} says. */
    static Head fit(float[][] x, int[] y, int[] rows, int classes, double l2, Scaling scaling,
            DoubleConsumer onIteration) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[r][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                double v = x[r][j] - mean[j];
                scale[j] += v * v;
            }
        }
        double[] spread = new double[d];
        for (int j = 0; j < d; j++) {
            spread[j] = Math.sqrt(scale[j] / Math.max(1, rows.length - 1));
        }
        if (scaling == Scaling.POOLED) {
            double meanVariance = 0;
            for (int j = 0; j < d; j++) {
                meanVariance += spread[j] * spread[j] / d;
            }
            Arrays.fill(scale, 1 / (Math.sqrt(meanVariance) + 1e-6));
        } else {
            double[] sorted = spread.clone();
            Arrays.sort(sorted);
            double floor = SPREAD_FLOOR * sorted[d / 2];
            for (int j = 0; j < d; j++) {
                scale[j] = 1 / (Math.max(spread[j], floor) + 1e-6);
            }
        }
        float[][] z = new float[rows.length][d];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (float) ((x[rows[i]][j] - mean[j]) * scale[j]);
            }
            labels[i] = y[rows[i]];
        }
        SoftmaxObjective objective = new SoftmaxObjective(z, labels, classes, l2);
        double[] theta = new double[classes * (d + 1)];
        int iterations = Lbfgs.minimise(objective, theta, 300, onIteration);
        // fold the standardisation into the weights: w_raw = w * scale, b_raw = b - sum(w * scale * mean)
        float[][] weights = new float[classes][d];
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            double b = theta[classes * d + c];
            for (int j = 0; j < d; j++) {
                double w = theta[c * d + j] * scale[j];
                weights[c][j] = (float) w;
                b -= w * mean[j];
            }
            bias[c] = (float) b;
        }
        return new Head(weights, bias, l2, objective.crossEntropy(theta), iterations);
    }

    /**
     * The L2 strength with the lowest cross-validated cross-entropy over {@code rows}, and a head fitted with it on
     * every one of those rows. On folds of a few images accuracy is coarse: several strengths tie, and the choice
     * among them was a guess; the held-out loss tells them apart, and on the quality benchmark it chose strengths
     * that scored higher on the test images (docs/quality-benchmark.md, "The probe's L2 strength by held-out loss").
     *
     * @param folds held-out row sets that together cover {@code rows} (from {@link Folds})
     * @param onIteration told the final fit's loss after each solver iteration, may be null
     */
    static Head fitWithChosenL2(float[][] x, int[] y, int[] rows, int classes, List<int[]> folds,
            DoubleConsumer onIteration) {
        return fitWithChosenL2(x, y, rows, classes, folds, Scaling.PER_FEATURE, onIteration);
    }

    /** As above, with the features scaled for the solver as {@code scaling} says. */
    static Head fitWithChosenL2(float[][] x, int[] y, int[] rows, int classes, List<int[]> folds, Scaling scaling,
            DoubleConsumer onIteration) {
        double[] heldOutLoss = new double[L2_GRID.length];
        for (int g = 0; g < L2_GRID.length; g++) {
            for (int[] held : folds) {
                int[] kept = Folds.without(rows, held);
                heldOutLoss[g] += fit(x, y, kept, classes, L2_GRID[g], scaling, null).crossEntropy(x, y, held);
            }
        }
        return fit(x, y, rows, classes, L2_GRID[lowest(heldOutLoss)], scaling, onIteration);
    }

    /**
     * The index of the lowest value; of equal ones the last, which is the stronger penalty. A NaN (a fit that failed)
     * is never the lowest; when every value is NaN, the strongest penalty.
     */
    static int lowest(double[] values) {
        int best = values.length - 1;
        for (int g = values.length - 2; g >= 0; g--) {
            if (values[g] < values[best] || Double.isNaN(values[best]) && !Double.isNaN(values[g])) {
                best = g;
            }
        }
        return best;
    }
}
