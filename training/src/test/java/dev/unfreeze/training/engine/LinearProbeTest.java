package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
    /** Three Gaussian clusters in 40 dimensions, centres far apart on shifted, badly scaled axes. */
    private static float[][] clusters(int perClass, int[] labels, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[perClass * 3][40];
        for (int i = 0; i < x.length; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 40; j++) {
                double centre = j == labels[i] ? 4 : 0;
                x[i][j] = (float) ((centre + random.nextGaussian()) * (j + 1) * 10 + 500);
            }
        }
        return x;
    }

    @Test
    void fitsSeparableClassesAndPredictsOnRawFeatures() {
        int[] y = new int[150];
        float[][] x = clusters(50, y, 1);
        LinearProbe.Head head = LinearProbe.fit(x, y, Folds.all(x.length), 3, 1e-3, null);
        assertThat(head.accuracy(x, y, Folds.all(x.length))).isEqualTo(1.0);
        int[] yTest = new int[300];
        float[][] test = clusters(100, yTest, 2);
        // the standardisation is folded into the weights: raw features of new data classify right
        assertThat(head.accuracy(test, yTest, Folds.all(test.length))).isGreaterThan(0.97);
        assertThat(head.iterations()).isLessThan(300);
    }

    @Test
    void lbfgsReachesTheMinimumOfAConvexQuadratic() {
        double[] x = {5, -3, 8};
        int iterations = Lbfgs.minimise((p, g) -> {
            g[0] = 2 * (p[0] - 1);
            g[1] = 20 * (p[1] + 2);
            g[2] = 0.2 * (p[2] - 3);
            return (p[0] - 1) * (p[0] - 1) + 10 * (p[1] + 2) * (p[1] + 2) + 0.1 * (p[2] - 3) * (p[2] - 3);
        }, x, 100, null);
        assertThat(x[0]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(x[1]).isCloseTo(-2, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(x[2]).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(iterations).isLessThan(30);
    }

    @Test
    void aStrongerPenaltyShrinksTheWeightsAndRaisesTheTrainingLoss() {
        int[] y = new int[90];
        float[][] x = clusters(30, y, 3);
        LinearProbe.Head weak = LinearProbe.fit(x, y, Folds.all(x.length), 3, 1e-4, null);
        LinearProbe.Head strong = LinearProbe.fit(x, y, Folds.all(x.length), 3, 1, null);
        assertThat(norm(strong.weights())).isLessThan(norm(weak.weights()));
        assertThat(strong.loss()).isGreaterThan(weak.loss());
    }

    @Test
    void foldsAreStratifiedSeededAndDisjoint() {
        int[] labels = new int[47];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 7 ? 0 : i < 27 ? 1 : 2;
        }
        List<int[]> folds = Folds.stratified(Folds.all(47), labels, 3, 5, 9);
        assertThat(folds).hasSize(5);
        assertThat(folds.stream().mapToInt(f -> f.length).sum()).isEqualTo(47);
        assertThat(folds.stream().flatMapToInt(Arrays::stream).distinct().count()).isEqualTo(47);
        for (int[] fold : folds) {
            long big = Arrays.stream(fold).filter(r -> labels[r] == 1).count();
            assertThat(big).isBetween(3L, 5L); // 20 images of class 1 over 5 folds
        }
        assertThat(Folds.stratified(Folds.all(47), labels, 3, 5, 9).get(2)).containsExactly(folds.get(2));
        assertThat(Folds.without(Folds.all(47), folds.get(0))).hasSize(47 - folds.get(0).length);
    }

    private static double norm(float[][] w) {
        double s = 0;
        for (float[] row : w) {
            for (float v : row) {
                s += v * v;
            }
        }
        return s;
    }

    @Test
    void aFeatureThatBarelyVariesInTrainingGetsNoHugeWeight() {
        // 40 weakly informative features, and one that separates the training images perfectly while hardly moving
        // (a channel of a pretrained backbone that is nearly constant on them); on new images it moves by far more
        Random random = new Random(11);
        int[] y = new int[45];
        float[][] x = new float[45][41];
        int[] yTest = new int[600];
        float[][] test = new float[600][41];
        for (float[][] set : List.of(x, test)) {
            int[] labels = set == x ? y : yTest;
            for (int i = 0; i < set.length; i++) {
                labels[i] = i % 3;
                for (int j = 0; j < 40; j++) {
                    set[i][j] = (float) ((j % 3 == labels[i] ? 1 : 0) + random.nextGaussian());
                }
                set[i][40] = (float) (set == x ? 1e-4 * labels[i] + 1e-6 * random.nextGaussian() : 1e-2 * random.nextGaussian());
            }
        }
        int[] rows = Folds.all(x.length);
        LinearProbe.Head head = LinearProbe.fitWithChosenL2(x, y, rows, 3, Folds.stratified(rows, y, 3, 5, 1), null);
        assertThat(head.accuracy(test, yTest, Folds.all(test.length))).isGreaterThan(0.8);
    }

    @Test
    void theL2StrengthIsTheOneWithTheLowestHeldOutLoss() {
        // few images of overlapping classes: the weakest penalty fits the folds' training rows and is sure of its
        // wrong held-out answers, which accuracy alone does not see
        Random random = new Random(5);
        int[] y = new int[45];
        float[][] x = new float[45][40];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 40; j++) {
                x[i][j] = (float) ((j % 3 == y[i] ? 0.7 : 0) + random.nextGaussian());
            }
        }
        int[] rows = Folds.all(x.length);
        List<int[]> folds = Folds.stratified(rows, y, 3, 5, 1);
        double[] heldOutLoss = new double[LinearProbe.L2_GRID.length];
        for (int g = 0; g < heldOutLoss.length; g++) {
            for (int[] held : folds) {
                heldOutLoss[g] += LinearProbe.fit(x, y, Folds.without(rows, held), 3, LinearProbe.L2_GRID[g], null)
                        .crossEntropy(x, y, held);
            }
        }
        LinearProbe.Head head = LinearProbe.fitWithChosenL2(x, y, rows, 3, folds, null);
        double lowest = Arrays.stream(heldOutLoss).min().orElseThrow();
        assertThat(heldOutLoss[Arrays.binarySearch(LinearProbe.L2_GRID, head.l2())]).isEqualTo(lowest);
        assertThat(heldOutLoss[0]).isGreaterThan(lowest);
        assertThat(head.l2()).isGreaterThan(LinearProbe.L2_GRID[0]);
    }

    @Test
    void ofEqualLossesTheStrongerPenaltyIsChosenAndAFailedFitNever() {
        assertThat(LinearProbe.lowest(new double[] {3, 2, 2, 5})).isEqualTo(2);
        assertThat(LinearProbe.lowest(new double[] {1, 2, 3})).isEqualTo(0);
        assertThat(LinearProbe.lowest(new double[] {4, 3, 2})).isEqualTo(2);
        assertThat(LinearProbe.lowest(new double[] {Double.NaN, 3, Double.NaN})).isEqualTo(1);
        assertThat(LinearProbe.lowest(new double[] {Double.NaN, Double.NaN})).isEqualTo(1);
    }
}
