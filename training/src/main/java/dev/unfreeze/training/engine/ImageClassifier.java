package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Class probabilities for image files, from an adapted model in memory. */
public final class ImageClassifier {
    private final AdaptedModel model;

    public ImageClassifier(AdaptedModel model) {
        this.model = model;
    }

    /** The softmax probabilities of each file, one row per file, columns in class order. */
    public float[][] probabilities(List<Path> files) throws IOException {
        float[][] result = new float[files.size()][];
        try (NDManager scope = model.model().getNDManager().newSubManager()) {
            for (int i = 0; i < files.size(); i++) {
                NDArray x = model.preprocessing().load(files.get(i), scope).expandDims(0);
                NDList out = model.network().forward(new ParameterStore(scope, false), new NDList(x), false);
                result[i] = out.head().softmax(1).toFloatArray();
            }
        }
        return result;
    }

    /** The index of the largest score: the predicted class (the first of equal ones). */
    public static int best(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
