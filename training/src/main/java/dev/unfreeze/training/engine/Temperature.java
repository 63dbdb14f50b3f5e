package dev.unfreeze.training.engine;

/**
 * The temperature of a classifier's logits from held-out answers (Guo et al. 2017): the one number T that every logit is
 * divided by so that the probabilities of those answers have the least cross-entropy. Dividing leaves every answer as
 * it is; only how sure it sounds changes.
 */
final class Temperature {
    /** The search's bounds on 1/T: down to a fiftieth of the logits. */
    private static final double MIN_INVERSE = 0.02;
    /**
     * The fit only softens (T of at least 1): when every held-out answer is right, which a few images allow, the
     * cross-entropy keeps falling as the logits grow and sharpening has no bound.
     */
    private static final double MAX_INVERSE = 1;
    private static final int ITERATIONS = 60;

    private Temperature() {}

    /**
     * The temperature that best fits held-out answers; 1 for none.
     *
     * @param logits each answer's scores, one per class
     * @param labels each answer's true class
     */
    static double fit(double[][] logits, int[] labels) {
        if (logits.length == 0) {
            return 1;
        }
        // the cross-entropy is convex in 1/T: a golden-section search finds its least within the bounds
        double lo = MIN_INVERSE;
        double hi = MAX_INVERSE;
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = crossEntropy(logits, labels, a);
        double fb = crossEntropy(logits, labels, b);
        for (int i = 0; i < ITERATIONS; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = crossEntropy(logits, labels, a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = crossEntropy(logits, labels, b);
            }
        }
        double inverse = (lo + hi) / 2;
        // at the upper bound the search stops a hair short of it: the logits as they are
        return inverse > MAX_INVERSE - 1e-6 ? 1 : 1 / inverse;
    }

    /** The mean cross-entropy of the answers with every logit multiplied by {@code inverse}. */
    static double crossEntropy(double[][] logits, int[] labels, double inverse) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double s : logits[i]) {
                max = Math.max(max, inverse * s);
            }
            double z = 0;
            for (double s : logits[i]) {
                z += Math.exp(inverse * s - max);
            }
            sum += max + Math.log(z) - inverse * logits[i][labels[i]];
        }
        return sum / logits.length;
    }
}
