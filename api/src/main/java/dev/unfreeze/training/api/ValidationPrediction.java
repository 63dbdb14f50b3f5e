package dev.unfreeze.training.api;

import java.util.List;

/**
 * What the best epoch's model said about one validation image.
 *
 * @param file the image
 * @param actual its class
 * @param predicted the class the model chose
 * @param confidence the model's probability for that choice
 */
public record ValidationPrediction(String file, String actual, String predicted, double confidence) {

    /**
     * How far the confidences of these answers can be trusted; null without any. The true class's probability is
     * not kept with an answer, so there is no log loss.
     */
    public static Calibration calibration(List<ValidationPrediction> predictions) {
        return predictions.isEmpty() ? null : Calibration.of(predictions.stream()
                .map(p -> new Calibration.Answer(p.confidence(), !p.wrong(), Double.NaN)).toList());
    }

    /** Whether the model was wrong. */
    public boolean wrong() {
        return !actual.equals(predicted);
    }

    /**
     * The confusion matrix of some predictions (rows: true classes, columns: predicted, in the order of
     * {@code classes}); a prediction naming a class outside {@code classes} is left out.
     */
    public static int[][] confusion(List<ValidationPrediction> predictions, List<String> classes) {
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
}
