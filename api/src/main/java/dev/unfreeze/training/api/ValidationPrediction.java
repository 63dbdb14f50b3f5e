package dev.unfreeze.training.api;

/**
 * What the best epoch's model said about one validation image.
 *
 * @param file the image
 * @param actual its class
 * @param predicted the class the model chose
 * @param confidence the model's probability for that choice
 */
public record ValidationPrediction(String file, String actual, String predicted, double confidence) {

    /** Whether the model was wrong. */
    public boolean wrong() {
        return !actual.equals(predicted);
    }
}
