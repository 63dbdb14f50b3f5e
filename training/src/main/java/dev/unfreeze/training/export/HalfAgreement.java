package dev.unfreeze.training.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.engine.ImageClassifier;
import dev.unfreeze.training.export.onnx.HalfFloats;
import dev.unfreeze.training.runs.RunInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How often the float16 copy keeps the model's top-1 answer, measured before it is handed out: the network runs on
 * the run's images once as it is and once with its weights rounded as the copy stores them (the copy computes in
 * float32 as this does).
 *
 * @param same images whose top-1 class stays the same
 * @param images images compared
 * @param which which of the run's images: "test", "validation" or "training"
 */
record HalfAgreement(int same, int images, String which) {
    /** At most this many images are compared; a hundred show a flip rate of a few percent. */
    static final int MAX_IMAGES = 100;

    /**
     * Measures on the run's test images, else its validation images, else (a run that held none out) its training
     * images, then leaves the model's weights rounded (call it last).
     *
     * @param rounded whether the copy stores a weight of this shape as float16
     */
    static HalfAgreement measure(AdaptedModel model, RunInfo info, java.util.function.Predicate<long[]> rounded)
            throws IOException {
        boolean test = info.testFiles() != null && !info.testFiles().isEmpty();
        List<String> files = test ? info.testFiles() : !info.valFiles().isEmpty() ? info.valFiles() : info.trainFiles();
        String which = test ? "test" : !info.valFiles().isEmpty() ? "validation" : "training";
        Path root = Path.of(info.datasetRoot());
        List<Path> images = files.stream().map(root::resolve).toList();
        List<Path> sample = images.subList(0, Math.min(MAX_IMAGES, images.size()));
        ImageClassifier classifier = new ImageClassifier(model);
        float[][] before = classifier.probabilities(sample);
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            NDArray array = p.getValue().getArray();
            if (rounded.test(array.getShape().getShape())) {
                float[] values = array.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] = HalfFloats.toFloat(HalfFloats.toHalf(values[i]));
                }
                boolean grad = array.hasGradient();
                if (grad) {
                    array.setRequiresGradient(false); // PyTorch refuses in-place writes into a leaf that needs a gradient
                }
                array.set(values);
                if (grad) {
                    array.setRequiresGradient(true);
                }
            }
        }
        float[][] after = classifier.probabilities(sample);
        int same = 0;
        for (int i = 0; i < sample.size(); i++) {
            same += argmax(before[i]) == argmax(after[i]) ? 1 : 0;
        }
        return new HalfAgreement(same, sample.size(), which);
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
