package dev.unfreeze.training.export;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.NativeStderr;
import dev.unfreeze.training.data.ImageFiles;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.engine.ImageClassifier;
import dev.unfreeze.training.runtime.AdaptedNetwork;
import dev.unfreeze.training.runtime.AdaptedTranslatorFactory;
import dev.unfreeze.training.runtime.ExactInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * An exported folder loaded exactly as any DJL user would load it, through {@link Criteria}: what
 * {@code predict} and {@code evaluate} use, so they test the export itself.
 */
public final class ExportedModel implements AutoCloseable {
    private final ZooModel<Image, Classifications> model;
    private final Predictor<Image, Classifications> predictor;
    private final List<String> classes;
    /** The input size, so that a large JPEG decodes no larger than the resize needs. */
    private final int width;
    private final int height;
    private final int channels;

    private ExportedModel(ZooModel<Image, Classifications> model, List<String> classes, int width, int height,
            int channels) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.classes = classes;
        this.width = width;
        this.height = height;
        this.channels = channels;
    }

    /** Loads an exported folder. */
    public static ExportedModel load(Path folder) {
        if (!Files.isRegularFile(folder.resolve("serving.properties"))) {
            if (Files.isRegularFile(folder.resolve(ModelExporter.ONNX_FILE))) {
                throw new UnfreezeException(folder + " is an ONNX export, for ONNX Runtime and other ONNX runtimes (its"
                        + " MODEL_CARD.md shows how to load it); Unfreeze itself predicts with a DJL folder: export the"
                        + " run again with --format djl");
            }
            throw new UnfreezeException(folder + " is not an exported model (it has no serving.properties)");
        }
        try {
            Criteria<Image, Classifications> criteria = Criteria.builder()
                    .setTypes(Image.class, Classifications.class)
                    .optModelPath(folder.toAbsolutePath())
                    // DJL picks a factory before it reads serving.properties: name ours, so the
                    // images are resized with antialiasing as in training.
                    .optTranslatorFactory(new AdaptedTranslatorFactory())
                    .build();
            List<String> classes = Files.readAllLines(folder.resolve("synset.txt"));
            classes.removeIf(String::isBlank);
            Properties serving = new Properties();
            try (var in = Files.newBufferedReader(folder.resolve("serving.properties"))) {
                serving.load(in);
            }
            int width = Integer.parseInt(serving.getProperty("width", "224").trim());
            int height = Integer.parseInt(serving.getProperty("height", String.valueOf(width)).trim());
            int channels = Integer.parseInt(serving.getProperty("channels", "3").trim());
            NativeStderr.quietEngine(); // libtorch's own warnings, spent unseen before anything is printed
            return new ExportedModel(criteria.loadModel(), List.copyOf(classes), width, height, channels);
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new UnfreezeException("cannot load the exported model " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The model's input for a file, as {@code predict} gives it: decoded, resized to the model's size with the
     * training resize, C x H x W samples of 0 to 255 (the network itself normalises).
     */
    public Preprocessing input() {
        return new Preprocessing(width, channels, null, null);
    }

    /**
     * The log-probability of every class for each of {@code count} inputs laid end to end in {@code pixels}, each
     * C x H x W of values in [0, 1] at the model's size (what {@link #input()} makes, over 255). Logarithms keep
     * their precision where a confident model's probabilities round to 1.
     */
    public float[][] logProbabilities(float[] pixels, int count) {
        try (Predictor<NDList, NDList> raw = model.newPredictor(new NoopTranslator());
             NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = NativeStderr.silenced(() -> {
                try {
                    return raw.predict(new NDList(manager.create(pixels, new Shape(count, channels, height, width))));
                } catch (TranslateException e) {
                    throw new UnfreezeException("cannot classify: " + e.getMessage(), e);
                }
            });
            float[] flat = out.singletonOrThrow().logSoftmax(1).toFloatArray();
            int classCount = flat.length / count;
            float[][] result = new float[count][];
            for (int i = 0; i < count; i++) {
                result[i] = Arrays.copyOfRange(flat, i * classCount, (i + 1) * classCount);
            }
            return result;
        }
    }

    /**
     * The last convolutional group's activations for one input (as {@link #logProbabilities} takes it) and the
     * gradient of one class's log-odds against the other classes with respect to them: what Grad-CAM weighs. Empty when the
     * network does not expose that group (a TorchScript backbone without {@code feature_map}).
     *
     * @param classIndex the class, or -1 for the predicted one
     */
    public Optional<Activations> activations(float[] pixels, int classIndex) {
        if (!(model.getBlock() instanceof ExactInput input) || !(input.network() instanceof AdaptedNetwork network)
                || !network.hasFeatureMap()) {
            return Optional.empty();
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            NDArray map = NativeStderr.silenced(() ->
                    network.featureMap(store, input.normalised(manager.create(pixels, new Shape(1, channels, height, width)))));
            map.setRequiresGradient(true);
            float[] logProbabilities;
            int target;
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray scores = network.scoresFromFeatureMap(store, map);
                logProbabilities = scores.logSoftmax(1).toFloatArray();
                target = classIndex >= 0 ? classIndex : ImageClassifier.best(logProbabilities);
                // the class's log-odds against the others, as occlusion measures: the evidence every class shares
                // (the picture's background, here) cancels, and unlike the probability it does not saturate at 1
                float[] mask = new float[logProbabilities.length];
                mask[target] = Float.NEGATIVE_INFINITY;
                NDArray others = scores.add(manager.create(mask, scores.getShape()));
                NDArray largest = others.max(new int[] {1}, true);
                NDArray rest = others.sub(largest).exp().sum(new int[] {1}).log().add(largest.squeeze(1));
                collector.backward(scores.get(0, target).sub(rest.get(0)));
            }
            Shape shape = map.getShape();
            return Optional.of(new Activations((int) shape.get(1), (int) shape.get(2), (int) shape.get(3),
                    map.toFloatArray(), map.getGradient().toFloatArray(), logProbabilities, target));
        }
    }

    /**
     * One image's last convolutional activations and one class's gradient with respect to them.
     *
     * @param channels C
     * @param rows H
     * @param columns W
     * @param values C x H x W activations
     * @param gradient C x H x W: how the class's log-odds move with each activation
     * @param logProbabilities every class's log-probability for the image
     * @param classIndex the class the gradient is for
     */
    public record Activations(int channels, int rows, int columns, float[] values, float[] gradient,
            float[] logProbabilities, int classIndex) {}

    /** The class names, in output order. */
    public List<String> classes() {
        return classes;
    }

    /** Classifies one image file. */
    public Classifications classify(Path image) {
        try {
            // the decoder training used: EXIF orientation, CMYK, WebP, 16-bit, the size limit
            return predictor.predict(ImageFactory.getInstance().fromImage(ImageFiles.read(image, width, height)));
        } catch (IOException | ImageFiles.Unusable e) {
            throw new UnfreezeException("cannot read the image " + image + ": " + e.getMessage(), e);
        } catch (TranslateException e) {
            throw new UnfreezeException("cannot classify " + image + ": " + e.getMessage(), e);
        }
    }

    /** The probability of every class for one image, in class order. */
    public float[] probabilities(Path image) {
        Classifications c = classify(image);
        float[] result = new float[classes.size()];
        List<String> names = c.getClassNames();
        List<Double> probabilities = c.getProbabilities();
        for (int i = 0; i < names.size(); i++) {
            result[classes.indexOf(names.get(i))] = probabilities.get(i).floatValue();
        }
        return result;
    }

    /**
     * What one file came to: its classes, or why it could not be read.
     *
     * @param file the image file
     * @param result the classes, best first; null when the file could not be used
     * @param error why not, in words; null when it was classified
     */
    public record Outcome(Path file, Classifications result, String error) {}

    /**
     * Classifies many files as fast as this machine allows: a chunk of them decoded on all cores,
     * then scored as one batch, chunk after chunk (a chunk of camera pictures, 48 MB each decoded,
     * stays small). An unreadable file is one outcome with its reason; the others are still scored.
     */
    public List<Outcome> classifyAll(List<Path> images) {
        int chunk = Math.max(8, Runtime.getRuntime().availableProcessors());
        List<Outcome> outcomes = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += chunk) {
            List<Path> part = images.subList(from, Math.min(images.size(), from + chunk));
            Object[] decoded = part.parallelStream().map(file -> {
                try {
                    return (Object) ImageFactory.getInstance().fromImage(ImageFiles.read(file, width, height));
                } catch (IOException | ImageFiles.Unusable | RuntimeException e) {
                    return "cannot read the image " + file + ": " + e.getMessage();
                }
            }).toArray();
            List<Image> readable = new ArrayList<>();
            for (Object d : decoded) {
                if (d instanceof Image image) {
                    readable.add(image);
                }
            }
            List<Classifications> scored;
            try {
                scored = readable.isEmpty() ? List.of() : batchPredict(readable);
            } catch (TranslateException e) {
                throw new UnfreezeException("cannot classify " + part.get(0) + " and the " + (part.size() - 1)
                        + " images after it: " + e.getMessage(), e);
            }
            int next = 0;
            for (int i = 0; i < part.size(); i++) {
                outcomes.add(decoded[i] instanceof Image ? new Outcome(part.get(i), scored.get(next++), null)
                        : new Outcome(part.get(i), null, (String) decoded[i]));
            }
        }
        return outcomes;
    }

    /** One batch, with libtorch's per-thread "Could not initialize NNPACK" notes kept off the terminal. */
    private List<Classifications> batchPredict(List<Image> images) throws TranslateException {
        TranslateException[] failure = new TranslateException[1];
        List<Classifications> scored = NativeStderr.silenced(() -> {
            try {
                return predictor.batchPredict(images);
            } catch (TranslateException e) {
                failure[0] = e;
                return null;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return scored;
    }

    /** Probabilities for several files. */
    public List<float[]> probabilities(List<Path> images) {
        List<float[]> result = new ArrayList<>();
        for (Path image : images) {
            result.add(probabilities(image));
        }
        return result;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
