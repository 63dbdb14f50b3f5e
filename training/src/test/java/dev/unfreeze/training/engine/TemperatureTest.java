package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The temperature that makes held-out answers' probabilities honest, fitted to answers drawn from known ones. */
class TemperatureTest {
    /** Logits whose softmax is the true chance of each class, and labels drawn from those chances. */
    private static double[][] honestLogits(int n, int[] labels, long seed) {
        Random random = new Random(seed);
        double[][] logits = new double[n][4];
        for (int i = 0; i < n; i++) {
            double[] p = new double[4];
            double z = 0;
            for (int c = 0; c < 4; c++) {
                logits[i][c] = 2 * random.nextGaussian();
                p[c] = Math.exp(logits[i][c]);
                z += p[c];
            }
            double u = random.nextDouble() * z;
            int c = 0;
            while (c < 3 && u > p[c]) {
                u -= p[c];
                c++;
            }
            labels[i] = c;
        }
        return logits;
    }

    @Test
    void logitsThreeTimesTooLargeAreDividedByAboutThree() {
        int[] labels = new int[4000];
        double[][] logits = honestLogits(4000, labels, 7);
        double[][] overconfident = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            overconfident[i] = java.util.Arrays.stream(logits[i]).map(s -> 3 * s).toArray();
        }
        assertThat(Temperature.fit(overconfident, labels)).isCloseTo(3, within(0.25));
        assertThat(Temperature.crossEntropy(overconfident, labels, 1 / Temperature.fit(overconfident, labels)))
                .isLessThan(Temperature.crossEntropy(overconfident, labels, 1));
    }

    @Test
    void honestLogitsAreLeftNearlyAsTheyAreAndItNeverSharpens() {
        int[] labels = new int[4000];
        double[][] logits = honestLogits(4000, labels, 8);
        assertThat(Temperature.fit(logits, labels)).isBetween(1.0, 1.1);
        // every answer right: the loss falls as the logits grow, and the fit keeps them
        double[][] right = {{5, 0, 0, 0}, {0, 4, 0, 0}};
        assertThat(Temperature.fit(right, new int[] {0, 1})).isEqualTo(1.0);
        assertThat(Temperature.fit(new double[0][], new int[0])).isEqualTo(1.0);
    }
}
