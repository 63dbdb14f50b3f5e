package dev.unfreeze.ui;

import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.ui.layers.AugmentationPreviewModel;
import dev.unfreeze.ui.shared.LiveChart;
import dev.unfreeze.ui.shared.Theme;
import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.ui.train.PlanLeaderboard;
import static org.assertj.core.api.Assertions.assertThat;
import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.DatasetServices;
import dev.unfreeze.training.api.EngineServices;
import dev.unfreeze.training.api.ExportServices;
import dev.unfreeze.training.api.ModelServices;
import dev.unfreeze.training.api.RunServices;
import dev.unfreeze.training.api.WorkbenchServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Catalog, layers and a dataset as the real services would report them for the sample. */
public class FakeServices implements ModelServices, DatasetServices, RunServices, ExportServices, EngineServices {
    /** The window's view models over these services and a fake training service, applied on the FX thread. */
    public static WorkbenchViewModel viewModel() {
        return new WorkbenchViewModel(new FakeServices().all(), new FakeTraining(), Runnable::run,
                javafx.application.Platform::runLater);
    }

    /** Every concern of the window's services answered by this one fake. */
    public WorkbenchServices all() {
        return new WorkbenchServices(this, this, this, this, this);
    }

    /** The bundled sample dataset, found from the working directory up (the UI's tests see no engine code). */
    public static Path sample() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (java.nio.file.Files.isRegularFile(dir.resolve("assets/models/index.txt"))) {
                return dir.resolve("assets/samples/fashion-mnist-5-9");
            }
        }
        throw new IllegalStateException("cannot find the repository's assets folder");
    }

    /** The small CNN's layer groups, as the real services report them. */
    public static ModelLayout smallCnnLayout() {
        ModelInfo info = new ModelInfo("fashion_cnn", "Small CNN", "bundled", "x", "small-cnn", 93120, 28, 1, "p", "MIT");
        // (the small CNN's: each block a convolution with its bias and a BatchNorm's scale and shift)
        return new ModelLayout(info, 128, List.of(
                new LayerGroup(0, "block1", List.of("b1"), 384, false, List.of(32L, 14L, 14L), 96),
                new LayerGroup(1, "block2", List.of("b2"), 18_624, false, List.of(64L, 7L, 7L), 192),
                new LayerGroup(2, "block3", List.of("b3"), 74_112, false, List.of(128L, 7L, 7L), 384),
                new LayerGroup(3, "head", List.of("head"), 645, true, List.of(5L))));
    }

    final java.util.concurrent.atomic.AtomicInteger augmentationDraws = new java.util.concurrent.atomic.AtomicInteger();
    /** The input size the last augmentation preview was asked at. */
    final java.util.concurrent.atomic.AtomicInteger augmentationSize = new java.util.concurrent.atomic.AtomicInteger();
    /** The classes asked for by explain, in order (null: the predicted one). */
    final List<String> explainedClasses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** A range test's typical shape: flat, a long fall, then divergence. */
    @Override
    public dev.unfreeze.training.api.RateCurve findRate(dev.unfreeze.training.api.Recipe recipe) {
        List<Double> rates = new java.util.ArrayList<>();
        List<Double> losses = new java.util.ArrayList<>();
        List<Double> smoothed = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double rate = 1e-6 * Math.pow(1e6, i / 59.0);
            double x = Math.log10(rate);
            double loss = 1.6 - 1.2 / (1 + Math.exp(-(x + 3.5) * 2)) + (x > -1.2 ? Math.pow(x + 1.2, 2) * 3 : 0);
            rates.add(rate);
            losses.add(loss + 0.05 * Math.sin(i * 1.7));
            smoothed.add(loss);
        }
        return new dev.unfreeze.training.api.RateCurve(rates, losses, smoothed, 3.2e-3,
                "valley: the middle of the longest stretch of falling smoothed loss", 31.5);
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo("mobilenet_v2", "MobileNetV2 (ImageNet-initialised)", "bundled", "x", "torchscript",
                        2_223_872, 224, 3, "Keras ImageNet weights via nsfwjs 4.4.0", "MIT"),
                smallCnnLayout().model());
    }

    @Override
    public ModelInfo importModel(Path torchScriptFile) {
        return new ModelInfo("my_net", "my_net", "imported", torchScriptFile.toString(), "torchscript", 1000, 224, 3,
                "imported", "unknown");
    }

    @Override
    public ModelInfo importModelFromUrl(String url, java.util.function.DoubleConsumer progress) {
        progress.accept(0.5);
        progress.accept(1.0);
        return new ModelInfo("resnet_tiny", "resnet_tiny", "imported", url, "torchscript", 2000, 224, 3,
                "imported from " + url, "unknown");
    }

    @Override
    public ModelLayout inspect(String model, int classes) {
        return smallCnnLayout();
    }

    /**
     * Class folders (one dropped folder) or loose files (labelled by their folder), with a few
     * findings of each severity so the report panel has something to show.
     */
    @Override
    public DatasetReport inspectDataset(List<Path> dropped, java.util.function.DoubleConsumer progress) {
        java.util.Map<String, List<String>> byClass = new java.util.TreeMap<>();
        Path root = dropped.size() == 1 && Files.isDirectory(dropped.get(0)) ? dropped.get(0) : dropped.get(0).getParent().getParent();
        try {
            for (Path p : dropped) {
                List<Path> files;
                if (Files.isDirectory(p)) {
                    try (Stream<Path> walk = Files.walk(p)) {
                        files = walk.filter(Files::isRegularFile).sorted().toList();
                    }
                } else {
                    files = List.of(p);
                }
                for (Path f : files) {
                    byClass.computeIfAbsent(f.getParent().getFileName().toString(), k -> new ArrayList<>())
                            .add(root.relativize(f).toString());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        progress.accept(1.0);
        List<DatasetReport.ClassEntry> classes = new ArrayList<>();
        byClass.forEach((name, files) -> classes.add(new DatasetReport.ClassEntry(name, files.size(), 0, 0, 1.0,
                files.subList(0, Math.min(8, files.size())))));
        int total = byClass.values().stream().mapToInt(List::size).sum();
        List<DatasetReport.Finding> findings = List.of(
                new DatasetReport.Finding(DatasetReport.Severity.WARNING, "unreadable", "Bag/scan-0042.jpg",
                        "damaged or truncated: Premature end of JPEG file; skipped"),
                new DatasetReport.Finding(DatasetReport.Severity.WARNING, "duplicate-across-splits", "Bag/train-00100.png",
                        "the same image is in more than one of train, validation and test, which flatters the"
                                + " validation scores: Bag/train-00100.png, val/Bag/copy.png"),
                new DatasetReport.Finding(DatasetReport.Severity.INFO, "misnamed", "Shirt/shirt.jpg",
                        "is a PNG file named .jpg; read as PNG"));
        return new DatasetReport(dropped.size() == 1 ? dropped.get(0).toString() : dropped.size() + " item(s)",
                root.toString(), dropped.size() == 1 ? "class folders" : "loose files", root.toString(), classes, findings,
                List.of(), new DatasetReport.ImageStatistics(total, 1, 28, 28, 28, 28, 28, 28,
                        java.util.Map.of("greyscale", total), java.util.Map.of("png", total)), 1.0,
                "sha256:0123456789abcdef0123456789abcdef");
    }

    @Override
    public dev.unfreeze.training.api.Throughput throughput(String model) {
        return new dev.unfreeze.training.api.Throughput(model, 80, 20, 30);
    }

    @Override
    public Path thumbnail(Path image) {
        String name = image.getFileName().toString();
        if (name.endsWith(".webp")) {
            // what the real cache does: decode what JavaFX cannot, and hand back a PNG thumbnail
            return sample().resolve("Bag").resolve("train-00100.png");
        }
        return name.endsWith(".png") ? image : null;
    }

    volatile dev.unfreeze.training.api.ExportFormat exportedFormat;
    volatile boolean exportedHalf;

    @Override
    public Path export(Path runDirectory, Path target, dev.unfreeze.training.api.ExportFormat format, boolean half) {
        exportedFormat = format;
        exportedHalf = half;
        return target;
    }

    @Override
    public List<dev.unfreeze.training.api.ExportedFile> exportedFiles(Path exportedModel) {
        return List.of(
                new dev.unfreeze.training.api.ExportedFile("model.onnx", 9_265_100, "the whole network (backbone, head,"
                        + " softmax), 9.3 MB: input 'image', N x C x H x W float32 pixels / 255; output 'probabilities'"),
                new dev.unfreeze.training.api.ExportedFile("model-fp16.onnx", 4_809_577, "the same network with its weights"
                        + " stored as float16, 4.8 MB (52% of model.onnx); the same top-1 class on 100 of 100 held-out images"),
                new dev.unfreeze.training.api.ExportedFile("synset.txt", 38, "class names, one per line, in output order"),
                new dev.unfreeze.training.api.ExportedFile("MODEL_CARD.md", 6_120, "what the model is, how it was trained,"
                        + " and how to load it"));
    }

    @Override
    public List<dev.unfreeze.training.api.PastRun> pastRuns() {
        return List.of(
                new dev.unfreeze.training.api.PastRun("runs/20261126-101500-fashion_cnn", "fashion_cnn", "gradual", false,
                        dev.unfreeze.training.api.RunStatus.FINISHED, null, 4, 4, 0.75, List.of(0.4, 0.55, 0.7, 0.75), true),
                new dev.unfreeze.training.api.PastRun("runs/20261126-100000-fashion_cnn-scratch", "fashion_cnn", "full", true,
                        dev.unfreeze.training.api.RunStatus.INTERRUPTED, "the training process stopped unexpectedly (exit status 137)", 2, 4, 0.45,
                        List.of(0.3, 0.45), true));
    }

    @Override
    public Flow.Publisher<TrainingEvent> follow(Path runDirectory) {
        return s -> s.onComplete();
    }

    @Override
    public List<dev.unfreeze.training.api.Prediction> predict(Path runDirectory, Path image) {
        return List.of(new dev.unfreeze.training.api.Prediction("Bag", 0.81),
                new dev.unfreeze.training.api.Prediction("Sandal", 0.12),
                new dev.unfreeze.training.api.Prediction("Shirt", 0.04));
    }

    /** What {@link #testPredictions} answers: none unless a test sets a dataset's test part. */
    public volatile List<dev.unfreeze.training.api.ValidationPrediction> testAnswers = List.of();

    @Override
    public List<dev.unfreeze.training.api.ValidationPrediction> testPredictions(Path runDirectory) {
        return testAnswers;
    }

    @Override
    public List<dev.unfreeze.training.api.ValidationPrediction> validationPredictions(Path runDirectory) {
        Path s = sample();
        return List.of(
                new dev.unfreeze.training.api.ValidationPrediction(s.resolve("Shirt/train-00018.png").toString(), "Shirt",
                        "Bag", 0.93),
                new dev.unfreeze.training.api.ValidationPrediction(s.resolve("Sandal/train-00009.png").toString(),
                        "Sandal", "Sneaker", 0.71),
                new dev.unfreeze.training.api.ValidationPrediction(s.resolve("Bag/train-00100.png").toString(), "Bag",
                        "Bag", 0.99));
    }

    @Override
    public List<Path> augmentationPreview(String model, int imageSize, dev.unfreeze.training.api.Recipe.Augmentation settings,
            List<Path> images, long seed) {
        augmentationSize.set(imageSize);
        augmentationDraws.incrementAndGet();
        return images; // the engine's pictures are tested with the command that makes them
    }

    @Override
    public List<Double> statisticsShift(String model, String datasetLocation) {
        return List.of(0.04, 0.02, 0.01); // values of the kind data inspect --model gives
    }

    @Override
    public dev.unfreeze.training.api.Explanation explain(Path runDirectory, Path image, String className) {
        explainedClasses.add(className);
        // a real heat map of a sample bag, as predict --explain writes it
        Path maps = Path.of("src", "test", "resources", "explained");
        return new dev.unfreeze.training.api.Explanation(className == null ? "Bag" : className, 0.9,
                dev.unfreeze.training.api.ExplanationMethod.GRAD_CAM,
                List.of("Ankle boot", "Bag", "Sandal", "Shirt", "Sneaker"), maps.resolve("bag-overlay.png"),
                maps.resolve("bag-heat.png"));
    }

    @Override
    public String modelCard(Path exportedModel) {
        return """
                # shoes

                An image classifier adapted from **fashion_cnn** with Unfreeze 0.1.0.

                - Lineage: fashion_cnn
                - Classes (5): Ankle boot, Bag, Sandal, Shirt, Sneaker
                - Test accuracy 0.9120, loss 0.2710 on 250 held-out test images (never used to choose the weights)

                | class | precision | recall | F1 | images |
                |---|---|---|---|---|
                | Ankle boot | 0.960 | 0.940 | 0.950 | 50 |
                | Bag | 0.920 | 0.980 | 0.949 | 50 |

                ## Load it from Python

                ```python
                import onnxruntime as ort
                session = ort.InferenceSession("shoes/model.onnx")
                ```
                """;
    }

    @Override
    public double engineUnpackProgress() {
        return 1.0;
    }

    @Override
    public boolean engineNeedsUnpacking() {
        return false;
    }

    @Override
    public String engineSummary() {
        return "PyTorch 2.7.1, CPU build, no GPU";
    }

    @Override
    public Path runsFolder() {
        return Path.of("target", "runs");
    }
}
