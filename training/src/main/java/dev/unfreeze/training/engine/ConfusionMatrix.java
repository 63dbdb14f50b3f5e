package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.ClassMetrics;
import java.util.ArrayList;
import java.util.List;

/** Counts of (true class, predicted class) pairs, and the metrics derived from them. */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final int[][] counts;

    public ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new int[classes.size()][classes.size()];
    }

    /** Records one prediction. */
    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    /** The share of correct predictions, 0 when empty. */
    public double accuracy() {
        long correct = 0;
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                total += counts[i][j];
                if (i == j) {
                    correct += counts[i][j];
                }
            }
        }
        return total == 0 ? 0 : (double) correct / total;
    }

    /** Precision, recall and F1 per class (0 where undefined). */
    public List<ClassMetrics> perClass() {
        List<ClassMetrics> result = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            int tp = counts[c][c];
            int predicted = 0;
            int actual = 0;
            for (int k = 0; k < counts.length; k++) {
                predicted += counts[k][c];
                actual += counts[c][k];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = actual == 0 ? 0 : (double) tp / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            result.add(new ClassMetrics(classes.get(c), precision, recall, f1, actual));
        }
        return result;
    }

    /** A copy of the counts; rows are true classes. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }
}
