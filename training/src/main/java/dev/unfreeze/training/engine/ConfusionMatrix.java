package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.ClassMetrics;
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
        return ClassMetrics.of(counts, classes);
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
