package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.unfreeze.training.api.PlanOrderThresholds;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.catalog.TorchScriptTensors;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.data.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a dataset is from what each BatchNorm layer of a pretrained backbone was trained on: the layer's
 * running mean and variance against the same layer's mean and variance on the dataset's images, as the mean over
 * channels of the squared Hellinger distance of the two normal distributions. A group's score is the mean over its
 * BatchNorm layers, from 0 (the images look, to that group, like the backbone's own data) to 1.
 *
 * <p>The dataset's statistics come from one training-mode forward pass over a batch of its images: BatchNorm then
 * moves its running statistics a tenth of the way to the batch's (momentum 0.1 in PyTorch, 0.9 in DJL's terms), so
 * the batch's own are {@code (after - 0.9 before) / 0.1}. It runs on a throwaway copy of the model.
 */
public final class StatisticsShift {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsShift.class);
    /** BatchNorm's update: running = KEPT * running + (1 - KEPT) * batch, in PyTorch and in DJL. */
    private static final double KEPT = 0.9;
    private static final double EPSILON = 1e-5;
    private static final String MEAN = "running_mean";
    private static final String VARIANCE = "running_var";

    /** The shift at the input from which images count as unlike the backbone's pictures. */
    public static final double FOREIGN_AT_INPUT = PlanOrderThresholds.FOREIGN_AT_INPUT;

    /** Images measured: enough for steady scores, one batch. */
    public static final int IMAGES = 32;

    private StatisticsShift() {}

    /** A backbone group's shift. */
    public record GroupShift(String group, double shift) {}

    /**
     * The shift of every backbone group of a model on a dataset: up to {@link #IMAGES} of its images, taken from
     * every class in turn, in one batch.
     */
    public static List<GroupShift> of(ResolvedModel base, List<String> classes,
            List<Sample> samples, long seed) throws IOException {
        List<Sample> chosen = new ArrayList<>();
        Map<Integer, Deque<Sample>> byClass = new TreeMap<>();
        List<Sample> shuffled = new ArrayList<>(samples);
        Collections.shuffle(shuffled, new Random(seed));
        shuffled.forEach(s -> byClass.computeIfAbsent(s.label(), k -> new ArrayDeque<>()).add(s));
        while (chosen.size() < IMAGES && byClass.values().stream().anyMatch(q -> !q.isEmpty())) {
            for (Deque<Sample> q : byClass.values()) {
                if (!q.isEmpty() && chosen.size() < IMAGES) {
                    chosen.add(q.poll());
                }
            }
        }
        try (AdaptedModel model = AdaptedModel.create(base, classes, RecipeCodec.defaults().head(),
                false, 0, seed, Device.cpu());
                DecodedImages images = DecodedImages.decode(chosen, model.preprocessing());
                NDManager manager = NDManager.newBaseManager()) {
            List<Double> shifts = measure(model, images, manager);
            List<GroupShift> result = new ArrayList<>();
            for (int g = 0; g < shifts.size(); g++) {
                result.add(new GroupShift(model.groups().get(g).name(), shifts.get(g)));
            }
            return result;
        }
    }

    /**
     * {@link #atInput(ResolvedModel, List, List, long)}, said to {@code progress}, and NaN when it cannot be measured:
     * the measurement orders the plans and picks the augmentation, and must not end a run (without it, the order for
     * pictures like the backbone's and the standard augmentation).
     */
    static double atInputOrNaN(ResolvedModel base, List<String> classes, List<Sample> samples, long seed,
            Consumer<String> progress) {
        progress.accept("Comparing the images with the backbone's own at its input (BatchNorm statistics of one batch)");
        try {
            return atInput(base, classes, samples, seed);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not compare the images with the backbone's statistics", e);
            return Double.NaN;
        }
    }

    /**
     * The shift at the backbone's input: that of its first group with BatchNorm layers (NaN when none has any).
     * Deeper groups see inputs their own BatchNorm layers have normalised, so the first group is where pictures
     * unlike the backbone's show (docs/quality-benchmark.md).
     */
    public static double atInput(ResolvedModel base, List<String> classes, List<Sample> samples, long seed)
            throws IOException {
        return atInput(of(base, classes, samples, seed));
    }

    /** The shift of the first of these groups that has BatchNorm layers (NaN when none has any). */
    public static double atInput(List<GroupShift> groups) {
        return PlanOrderThresholds.shiftAtInput(groups.stream().map(GroupShift::shift).toList());
    }

    /**
     * The shift of every backbone group, input to output; NaN for a group without BatchNorm. The model's
     * statistics are changed by the measurement: it is for a throwaway copy.
     */
    private static List<Double> measure(AdaptedModel model, DecodedImages images, NDManager manager) throws IOException {
        List<Map<String, float[]>> before = statistics(model);
        try (NDManager scope = manager.newSubManager()) {
            Preprocessing p = model.preprocessing();
            float[] pixels = new float[images.size() * p.length()];
            for (int i = 0; i < images.size(); i++) {
                images.copyPixels(i, pixels, i * p.length());
            }
            NDArray x = scope.create(pixels, new Shape(images.size(), p.channels(), p.size(), p.size()));
            model.network().setAdaptStatistics(true);
            model.network().features(new ParameterStore(scope, false), new NDList(x), true);
        }
        List<Map<String, float[]>> after = statistics(model);
        List<Double> result = new ArrayList<>();
        for (int g = 0; g < before.size(); g++) {
            double sum = 0;
            int layers = 0;
            for (String mean : before.get(g).keySet()) {
                if (!mean.endsWith(MEAN)) {
                    continue;
                }
                String variance = mean.substring(0, mean.length() - MEAN.length()) + VARIANCE;
                sum += divergence(before.get(g).get(mean), after.get(g).get(mean), before.get(g).get(variance),
                        after.get(g).get(variance));
                layers++;
            }
            result.add(layers == 0 ? Double.NaN : sum / layers);
        }
        return result;
    }

    /**
     * For each backbone group, its BatchNorm layers' running means and variances by name ({@code ...running_mean},
     * {@code ...running_var}): from the module as TorchScript writes it (DJL does not hand out a module's buffers), or
     * from a DJL block's parameters, which come in order (a layer's mean, then its variance).
     */
    private static List<Map<String, float[]>> statistics(AdaptedModel model) throws IOException {
        List<Map<String, float[]>> result = new ArrayList<>();
        model.groups().forEach(g -> result.add(new LinkedHashMap<>()));
        if (model.network().backbone() instanceof PtSymbolBlock script) {
            Path file = Files.createTempFile("unfreeze-statistics", ".pt");
            try {
                try (OutputStream out = Files.newOutputStream(file)) {
                    JniUtils.writeModule(script, out, false);
                }
                TorchScriptTensors.read(file).forEach((name, tensor) -> {
                    for (int g = 0; g < model.groups().size(); g++) {
                        // a group's prefix is a module path (features.1): features.10's tensors are not its own
                        if ((name.endsWith(MEAN) || name.endsWith(VARIANCE)) && model.groups().get(g).prefixes().stream()
                                .anyMatch(prefix -> name.startsWith(prefix + "."))) {
                            result.get(g).put(name, tensor.values());
                        }
                    }
                });
            } finally {
                Files.deleteIfExists(file);
            }
            return result;
        }
        for (int g = 0; g < model.groups().size(); g++) {
            int layer = 0;
            for (Parameter p : model.groups().get(g).parameters()) {
                if (p.isInitialized() && p.getType() == Parameter.Type.RUNNING_MEAN) {
                    result.get(g).put(layer + "." + MEAN, p.getArray().toFloatArray());
                } else if (p.isInitialized() && p.getType() == Parameter.Type.RUNNING_VAR) {
                    result.get(g).put(layer++ + "." + VARIANCE, p.getArray().toFloatArray());
                }
            }
        }
        return result;
    }

    /**
     * The mean over channels of the squared Hellinger distance between the pretrained and the data's normal
     * distributions (0: the same; 1: no overlap), the data's statistics recovered from the update. Bounded, so a
     * channel that was nearly constant on the backbone's data counts at most 1 (the KL divergence let a few such
     * channels of MobileNetV2 decide a group's score).
     */
    static double divergence(float[] meanBefore, float[] meanAfter, float[] varBefore, float[] varAfter) {
        double total = 0;
        for (int c = 0; c < meanBefore.length; c++) {
            double pretrainedVar = varBefore[c] + EPSILON;
            double dataMean = (meanAfter[c] - KEPT * meanBefore[c]) / (1 - KEPT);
            double dataVar = Math.max(0, (varAfter[c] - KEPT * varBefore[c]) / (1 - KEPT)) + EPSILON;
            double d = dataMean - meanBefore[c];
            double sum = pretrainedVar + dataVar;
            total += 1 - Math.sqrt(2 * Math.sqrt(pretrainedVar * dataVar) / sum) * Math.exp(-d * d / (4 * sum));
        }
        return meanBefore.length == 0 ? 0 : total / meanBefore.length;
    }
}
