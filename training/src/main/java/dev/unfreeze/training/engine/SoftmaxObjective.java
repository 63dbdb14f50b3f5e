package dev.unfreeze.training.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Mean softmax cross-entropy plus l2 * |W|^2, with its gradient, over standardised features. */
final class SoftmaxObjective implements Lbfgs.Function {
    private final float[][] z;
    private final int[] y;
    private final int classes;
    private final double l2;
    private final int d;

    SoftmaxObjective(float[][] z, int[] y, int classes, double l2) {
        this.z = z;
        this.y = y;
        this.classes = classes;
        this.l2 = l2;
        this.d = z[0].length;
    }

    double crossEntropy(double[] theta) {
        return evaluate(theta, null, false);
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        return evaluate(theta, gradient, true);
    }

    private double evaluate(double[] theta, double[] gradient, boolean penalised) {
        int n = z.length;
        int chunks = Math.min(n, Runtime.getRuntime().availableProcessors() * 4);
        List<double[]> partialGradients = new ArrayList<>();
        double[] partialLoss = new double[chunks];
        for (int k = 0; k < chunks; k++) {
            partialGradients.add(gradient == null ? null : new double[theta.length]);
        }
        IntStream.range(0, chunks).parallel().forEach(k -> {
            double[] g = partialGradients.get(k);
            double[] scores = new double[classes];
            for (int i = k * n / chunks; i < (k + 1) * n / chunks; i++) {
                float[] row = z[i];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = theta[classes * d + c];
                    int offset = c * d;
                    for (int j = 0; j < d; j++) {
                        s += theta[offset + j] * row[j];
                    }
                    scores[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    scores[c] = Math.exp(scores[c] - max);
                    sum += scores[c];
                }
                partialLoss[k] += Math.log(sum) - Math.log(scores[y[i]]);
                if (g != null) {
                    for (int c = 0; c < classes; c++) {
                        double delta = scores[c] / sum - (c == y[i] ? 1 : 0);
                        int offset = c * d;
                        for (int j = 0; j < d; j++) {
                            g[offset + j] += delta * row[j];
                        }
                        g[classes * d + c] += delta;
                    }
                }
            }
        });
        double loss = 0;
        for (double l : partialLoss) {
            loss += l;
        }
        loss /= n;
        if (gradient != null) {
            Arrays.fill(gradient, 0);
            for (double[] g : partialGradients) {
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += g[i] / n;
                }
            }
        }
        if (penalised) {
            for (int i = 0; i < classes * d; i++) {
                loss += l2 * theta[i] * theta[i];
                if (gradient != null) {
                    gradient[i] += 2 * l2 * theta[i];
                }
            }
        }
        return loss;
    }
}
