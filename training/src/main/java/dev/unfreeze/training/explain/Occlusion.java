package dev.unfreeze.training.explain;

import dev.unfreeze.training.api.ExplanationMethod;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.engine.ImageClassifier;
import dev.unfreeze.training.export.ExportedModel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the model looks, by occlusion (Zeiler and Fergus, 2014): a square of the image's mean colour slides over
 * the picture the model sees, and each place is as important as the chosen class's log-odds fall when it is hidden
 * there. Log-odds rather than probability: a confident model's probability stays at 1 whatever is hidden, while its
 * log-odds still move. It needs nothing of the network but its answers, so it explains any model Unfreeze runs.
 */
public final class Occlusion {
    /** The square's side as a share of the input's, and its step as a share of the side. */
    private static final int SQUARES_ACROSS = 7;
    private static final int STEPS_PER_SQUARE = 2;
    /** Occluded copies scored together (bounded memory at 224 px: about 20 MB a batch). */
    private static final int BATCH = 32;

    private Occlusion() {}

    /**
     * Explains one image.
     *
     * @param classIndex the class to explain, or -1 for the predicted one
     */
    public static HeatMap explain(ExportedModel model, Path image, int classIndex) {
        Preprocessing input = model.input();
        int size = input.size();
        int channels = input.channels();
        int plane = size * size;
        float[] pixels = HeatMaps.pixels(model, image);
        float[] whole = model.logProbabilities(pixels, 1)[0];
        int target = classIndex >= 0 ? classIndex : ImageClassifier.best(whole);
        double wholeOdds = logOdds(whole, target);
        float[] mean = new float[channels];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                mean[c] += pixels[c * plane + p] / plane;
            }
        }
        int side = Math.max(1, Math.round((float) size / SQUARES_ACROSS));
        int step = Math.max(1, side / STEPS_PER_SQUARE);
        int places = (size - side) / step + 1;
        int total = places * places;
        float[] heat = new float[total];
        float highest = 0;
        for (int from = 0; from < total; from += BATCH) {
            int count = Math.min(BATCH, total - from);
            float[] batch = new float[count * pixels.length];
            for (int k = 0; k < count; k++) {
                System.arraycopy(pixels, 0, batch, k * pixels.length, pixels.length);
                int y0 = ((from + k) / places) * step;
                int x0 = ((from + k) % places) * step;
                for (int c = 0; c < channels; c++) {
                    for (int y = y0; y < y0 + side; y++) {
                        int row = k * pixels.length + c * plane + y * size + x0;
                        Arrays.fill(batch, row, row + side, mean[c]);
                    }
                }
            }
            float[][] scored = model.logProbabilities(batch, count);
            for (int k = 0; k < count; k++) {
                // hiding a place that argued against the class raises its odds: not "where it looks" for it
                heat[from + k] = (float) Math.max(0, wholeOdds - logOdds(scored[k], target));
                highest = Math.max(highest, heat[from + k]);
            }
        }
        if (highest > 0) {
            for (int p = 0; p < total; p++) {
                heat[p] /= highest;
            }
        }
        return new HeatMap(places, places, heat, side / 2.0 / size, (double) step / size, target,
                (float) Math.exp(whole[target]), ExplanationMethod.OCCLUSION);
    }

    /** log(p / (1 - p)) for the class, from log-probabilities, without rounding p to 1. */
    static double logOdds(float[] logProbabilities, int target) {
        double largest = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logProbabilities.length; c++) {
            if (c != target) {
                largest = Math.max(largest, logProbabilities[c]);
            }
        }
        double others = 0;
        for (int c = 0; c < logProbabilities.length; c++) {
            if (c != target) {
                others += Math.exp(logProbabilities[c] - largest);
            }
        }
        return logProbabilities[target] - (largest + Math.log(others));
    }

}
