package dev.unfreeze.training.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.unfreeze.training.catalog.HalfFloats;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.engine.ImageClassifier;
import dev.unfreeze.training.runs.RunInfo;
import dev.unfreeze.training.runtime.NamedArrays;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

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
    static HalfAgreement measure(AdaptedModel model, RunInfo info, Predicate<long[]> rounded)
            throws IOException {
        boolean test = info.testFiles() != null && !info.testFiles().isEmpty();
        List<String> files = test ? info.testFiles() : !info.valFiles().isEmpty() ? info.valFiles() : info.trainFiles();
        String which = test ? "test" : !info.valFiles().isEmpty() ? "validation" : "training";
        Path root = Path.of(info.datasetRoot());
        List<Path> images = files.stream().map(root::resolve).toList();
        List<Path> sample = images.subList(0, Math.min(MAX_IMAGES, images.size()));
        ImageClassifier classifier = new ImageClassifier(model);
        float[][] before = classifier.probabilities(sample);
        try (NDManager manager = NDManager.newBaseManager()) {
            // the weights as the copy stores them, put back by the same path a checkpoint's weights take
            NDList weights = NamedArrays.snapshot(model.network(), manager);
            NDList stored = new NDList();
            for (NDArray weight : weights) {
                NDArray value = weight;
                if (rounded.test(weight.getShape().getShape())) {
                    float[] values = weight.toFloatArray();
                    for (int i = 0; i < values.length; i++) {
                        values[i] = HalfFloats.toFloat(HalfFloats.toHalf(values[i]));
                    }
                    value = manager.create(values, weight.getShape());
                    value.setName(weight.getName());
                }
                stored.add(value);
            }
            NamedArrays.restore(model.network(), stored);
        }
        float[][] after = classifier.probabilities(sample);
        int same = 0;
        for (int i = 0; i < sample.size(); i++) {
            same += ImageClassifier.best(before[i]) == ImageClassifier.best(after[i]) ? 1 : 0;
        }
        return new HalfAgreement(same, sample.size(), which);
    }

}
