package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.data.DecodedImages;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Trains a run's linear head on the backbone's fixed features to convergence and puts the result
 * into the network: the whole of a feature-extraction run.
 */
final class ProbeHead {
    private ProbeHead() {}

    /** Whether the head is a single linear layer the probe can fill. */
    static boolean applies(AdaptedModel adapted) {
        return adapted.headSpec().type() == RecipeHead.Type.LINEAR;
    }

    /** A fitted head and the features it was fitted on, one row per training image. */
    record Fitted(LinearProbe.Head head, float[][] features) {}

    /**
     * Fits the head on the features of {@code train}, with its L2 strength chosen by stratified
     * cross-validation on those images, and installs it.
     *
     * @param known features an earlier step of the run already computed; the backbone runs over the images only
     *     when they do not cover every one
     * @param featureProgress the share of the training images whose features are computed
     * @param onIteration the final fit's loss after each solver iteration
     */
    static Fitted fitAndInstall(AdaptedModel adapted, DecodedImages train, KnownFeatures known, NDManager manager,
            long seed, LinearProbe.Scaling scaling, DoubleConsumer featureProgress, DoubleConsumer onIteration) {
        float[][] x = known.rowsOf(train);
        if (x == null || x.length > 0 && x[0].length != adapted.network().featureDimension()) {
            // none known, or another kind than this head reads (a fine-tune's head from the probe reads the last group)
            x = FeatureCache.compute(adapted.network(), train, adapted.preprocessing(), manager, 64, featureProgress).rows();
        }
        int[] y = train.labels();
        int classes = adapted.classes().size();
        int[] rows = Folds.all(x.length);
        int smallest = smallestClass(y, classes);
        LinearProbe.Head head;
        if (smallest >= 2) {
            List<int[]> folds = Folds.stratified(rows, y, classes, Math.min(5, smallest), seed);
            head = LinearProbe.fitWithChosenL2(x, y, rows, classes, folds, scaling, onIteration);
        } else {
            head = LinearProbe.fit(x, y, rows, classes, LinearProbe.L2_GRID[2], scaling, onIteration);
        }
        install(adapted.network().head(), head);
        return new Fitted(head, x);
    }

    /** Writes the head's weights into the last linear layer of a head block. */
    static void install(Block headBlock, LinearProbe.Head head) {
        Block last = headBlock.getChildren().get(headBlock.getChildren().size() - 1).getValue();
        if (!(last instanceof Linear)) {
            throw new IllegalStateException("the head does not end in a linear layer");
        }
        int classes = head.bias().length;
        int d = head.weights()[0].length;
        float[] flat = new float[classes * d];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(head.weights()[c], 0, flat, c * d, d);
        }
        for (var p : last.getParameters()) {
            Parameter parameter = p.getValue();
            NDArray array = parameter.getArray();
            array.set(parameter.getType() == Parameter.Type.BIAS ? head.bias() : flat);
        }
    }

    static int smallestClass(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        int min = Integer.MAX_VALUE;
        for (int c : counts) {
            min = Math.min(min, c);
        }
        return min;
    }
}
