package dev.unfreeze.training.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.DoubleConsumer;

/**
 * Limited-memory BFGS (Nocedal and Wright, algorithm 7.5) with a backtracking Armijo line search:
 * the standard solver for smooth convex problems such as logistic regression, which it solves in
 * tens of iterations where gradient descent needs thousands.
 */
final class Lbfgs {
    private static final int HISTORY = 12;
    private static final double GRADIENT_TOLERANCE = 1e-5;
    private static final double RELATIVE_TOLERANCE = 1e-9;

    /** A smooth function of a vector. */
    interface Function {
        /** The value at x, with its gradient written into {@code gradient}. */
        double valueAndGradient(double[] x, double[] gradient);
    }

    private Lbfgs() {}

    /**
     * Minimises f from x (updated in place).
     *
     * @param onIteration told the value after each iteration, may be null
     * @return the iterations used
     */
    static int minimise(Function f, double[] x, int maxIterations, DoubleConsumer onIteration) {
        int n = x.length;
        double[] g = new double[n];
        double value = f.valueAndGradient(x, g);
        Deque<double[][]> history = new ArrayDeque<>();
        double[] direction = new double[n];
        double[] candidate = new double[n];
        double[] candidateGradient = new double[n];
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            if (norm(g) < GRADIENT_TOLERANCE) {
                return iteration - 1;
            }
            searchDirection(g, history, direction);
            double slope = dot(direction, g);
            if (slope >= 0) { // not a descent direction: start again from steepest descent
                history.clear();
                for (int i = 0; i < n; i++) {
                    direction[i] = -g[i];
                }
                slope = -dot(g, g);
            }
            double step = history.isEmpty() ? Math.min(1, 1 / norm(g)) : 1;
            double next;
            while (true) {
                for (int i = 0; i < n; i++) {
                    candidate[i] = x[i] + step * direction[i];
                }
                next = f.valueAndGradient(candidate, candidateGradient);
                if (next <= value + 1e-4 * step * slope || step < 1e-12) {
                    break;
                }
                step /= 2;
            }
            double[] s = new double[n];
            double[] yv = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = candidate[i] - x[i];
                yv[i] = candidateGradient[i] - g[i];
            }
            if (dot(s, yv) > 1e-10) {
                history.addLast(new double[][] {s, yv});
                if (history.size() > HISTORY) {
                    history.removeFirst();
                }
            }
            System.arraycopy(candidate, 0, x, 0, n);
            System.arraycopy(candidateGradient, 0, g, 0, n);
            boolean settled = Math.abs(value - next) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(value));
            value = next;
            if (onIteration != null) {
                onIteration.accept(value);
            }
            if (settled) {
                return iteration;
            }
        }
        return maxIterations;
    }

    /** The two-loop recursion: -H g with H the inverse Hessian approximated from the history. */
    private static void searchDirection(double[] g, Deque<double[][]> history, double[] out) {
        int n = g.length;
        double[] q = g.clone();
        double[] alpha = new double[history.size()];
        double[][][] pairs = history.toArray(new double[0][][]);
        for (int k = pairs.length - 1; k >= 0; k--) {
            double rho = 1 / dot(pairs[k][1], pairs[k][0]);
            alpha[k] = rho * dot(pairs[k][0], q);
            for (int i = 0; i < n; i++) {
                q[i] -= alpha[k] * pairs[k][1][i];
            }
        }
        double gamma = pairs.length == 0 ? 1
                : dot(pairs[pairs.length - 1][0], pairs[pairs.length - 1][1]) / dot(pairs[pairs.length - 1][1], pairs[pairs.length - 1][1]);
        for (int i = 0; i < n; i++) {
            q[i] *= gamma;
        }
        for (int k = 0; k < pairs.length; k++) {
            double rho = 1 / dot(pairs[k][1], pairs[k][0]);
            double beta = rho * dot(pairs[k][1], q);
            for (int i = 0; i < n; i++) {
                q[i] += pairs[k][0][i] * (alpha[k] - beta);
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] = -q[i];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
