package dev.unfreeze.ui;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.ValidationPrediction;
import java.util.ArrayList;
import java.util.List;

/**
 * A confusion matrix and per-class precision, recall and F1 counted from per-image predictions: what the
 * Results step shows for a run without validation images of its own, from the automatic plan's folds.
 */
final class PredictionTally {
    private PredictionTally() {}

    /** Counts[true class][predicted class]; predictions naming a class outside {@code classes} are left out. */
    static int[][] confusion(List<ValidationPrediction> predictions, List<String> classes) {
        int[][] counts = new int[classes.size()][classes.size()];
        for (ValidationPrediction p : predictions) {
            int actual = classes.indexOf(p.actual());
            int predicted = classes.indexOf(p.predicted());
            if (actual >= 0 && predicted >= 0) {
                counts[actual][predicted]++;
            }
        }
        return counts;
    }

    /** Precision, recall and F1 of each class (0 where a class was never predicted or never present). */
    static List<ClassMetrics> perClass(int[][] counts, List<String> classes) {
        List<ClassMetrics> metrics = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            int support = 0;
            int predicted = 0;
            for (int k = 0; k < counts.length; k++) {
                support += counts[c][k];
                predicted += counts[k][c];
            }
            double precision = predicted == 0 ? 0 : (double) counts[c][c] / predicted;
            double recall = support == 0 ? 0 : (double) counts[c][c] / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            metrics.add(new ClassMetrics(classes.get(c), precision, recall, f1, support));
        }
        return metrics;
    }

    /** Whether a matrix holds no image at all (a run that had no validation images). */
    static boolean empty(int[][] counts) {
        if (counts == null) {
            return true;
        }
        for (int[] row : counts) {
            for (int v : row) {
                if (v != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
