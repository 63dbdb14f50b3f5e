package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.data.DecodedImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Validation: the mean loss and the confusion matrix of the network in inference mode.
 *
 * @param loss mean cross-entropy
 * @param matrix true against predicted classes
 * @param predictions what the model said about each image
 * @param scores each image's scores for every class (the head's output, before the softmax)
 * @param labels each image's true class
 */
record Evaluation(double loss, ConfusionMatrix matrix, List<ValidationPrediction> predictions, float[][] scores,
        int[] labels) {

    static Evaluation run(AdaptedModel adapted, DecodedImages images, FeatureCache cache, NDManager parent, int batchSize) {
        ConfusionMatrix matrix = new ConfusionMatrix(adapted.classes());
        if (images.size() == 0) {
            return new Evaluation(Double.NaN, matrix, List.of(), new float[0][], new int[0]);
        }
        Loss lossFunction = Loss.softmaxCrossEntropyLoss();
        int[] order = new int[images.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        BatchSource source = new BatchSource(images, adapted.preprocessing());
        double lossSum = 0;
        List<ValidationPrediction> predictions = new ArrayList<>();
        float[][] scores = new float[images.size()][];
        int[] labels = new int[images.size()];
        adapted.network().setInputIsFeatures(cache != null);
        try {
            for (int from = 0; from < order.length; from += batchSize) {
                int to = Math.min(order.length, from + batchSize);
                try (NDManager scope = parent.newSubManager()) {
                    NDArray[] xy = source.batch(order, from, to, scope);
                    NDArray x = cache != null ? cache.batch(order, from, to, scope) : xy[0];
                    NDList out = adapted.network().forward(new ParameterStore(scope, false), new NDList(x), false);
                    lossSum += lossFunction.evaluate(new NDList(xy[1]), out).getFloat() * (to - from);
                    long[] predicted = out.head().argMax(1).toType(DataType.INT64, false).toLongArray();
                    float[] confidence = out.head().softmax(1).max(new int[] {1}).toFloatArray();
                    float[] batchScores = out.head().toFloatArray();
                    int classes = adapted.classes().size();
                    for (int i = 0; i < predicted.length; i++) {
                        int actual = images.sample(order[from + i]).label();
                        scores[from + i] = Arrays.copyOfRange(batchScores, i * classes, (i + 1) * classes);
                        labels[from + i] = actual;
                        matrix.add(actual, (int) predicted[i]);
                        predictions.add(new ValidationPrediction(images.sample(order[from + i]).file().toString(),
                                adapted.classes().get(actual), adapted.classes().get((int) predicted[i]), confidence[i]));
                    }
                }
            }
        } finally {
            adapted.network().setInputIsFeatures(false);
        }
        return new Evaluation(lossSum / images.size(), matrix, predictions, scores, labels);
    }

    /** The same answers with each image's confidence as the scores divided by {@code temperature} give it. */
    Evaluation withTemperature(float temperature) {
        if (temperature == ConfidenceTemperature.NONE) {
            return this;
        }
        List<ValidationPrediction> tempered = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            ValidationPrediction p = predictions.get(i);
            // dividing the scores changes no answer: the predicted class keeps the largest probability
            double confidence = Arrays.stream(ConfidenceTemperature.softmax(scores[i], temperature)).max()
                    .orElse(Double.NaN);
            tempered.add(new ValidationPrediction(p.file(), p.actual(), p.predicted(), confidence));
        }
        return new Evaluation(loss, matrix, tempered, scores, labels);
    }
}
