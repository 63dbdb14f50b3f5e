package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.ValidationPrediction;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one candidate scored on one fold.
 *
 * @param fold the fold, from 0
 * @param held how many images it was judged on
 * @param predictions its answer for each held-out image
 */
record FoldScore(int fold, double accuracy, double loss, int held, List<ValidationPrediction> predictions) {
    /** For each held-out image (by its normalised path), whether the candidate got it right. */
    Map<String, Boolean> correct() {
        Map<String, Boolean> correct = new HashMap<>();
        for (ValidationPrediction p : predictions) {
            correct.put(FoldRunner.key(Path.of(p.file())), !p.wrong());
        }
        return correct;
    }

    /** The mean accuracy of some scores (NaN for none). */
    static double meanAccuracy(List<FoldScore> scores) {
        return scores.stream().mapToDouble(FoldScore::accuracy).average().orElse(Double.NaN);
    }

    /**
     * How far the scores' accuracy spreads around their mean: the standard deviation over folds, or with one fold
     * its binomial standard error.
     */
    static double spread(List<FoldScore> scores, double mean) {
        if (scores.isEmpty()) {
            return Double.NaN;
        }
        if (scores.size() == 1) {
            return Math.sqrt(mean * (1 - mean) / Math.max(1, scores.get(0).held()));
        }
        double sum = 0;
        for (FoldScore s : scores) {
            sum += (s.accuracy() - mean) * (s.accuracy() - mean);
        }
        return Math.sqrt(sum / (scores.size() - 1));
    }
}
