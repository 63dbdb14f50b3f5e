package dev.unfreeze.training.api;

import java.util.ArrayList;
import java.util.List;

/** Precision, recall and F1 of one class on the validation images. */
public record ClassMetrics(String name, double precision, double recall, double f1, int support) {

    /**
     * Every class's figures from a confusion matrix (rows: true classes, columns: predicted), 0 where a
     * class was never predicted or never present.
     */
    public static List<ClassMetrics> of(int[][] counts, List<String> classes) {
        List<ClassMetrics> result = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            int predicted = 0;
            int actual = 0;
            for (int k = 0; k < counts.length; k++) {
                predicted += counts[k][c];
                actual += counts[c][k];
            }
            double precision = predicted == 0 ? 0 : (double) counts[c][c] / predicted;
            double recall = actual == 0 ? 0 : (double) counts[c][c] / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            result.add(new ClassMetrics(classes.get(c), precision, recall, f1, actual));
        }
        return result;
    }
}
