package dev.unfreeze.training.export;

import ai.djl.Device;
import dev.unfreeze.training.api.ExportFormat;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Versions;
import dev.unfreeze.training.catalog.Checksums;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.catalog.NativeStderr;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.engine.CheckpointStore;
import dev.unfreeze.training.engine.PreparedRun;
import dev.unfreeze.training.export.onnx.OnnxModels;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.ModelProto;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunInfo;
import dev.unfreeze.training.runtime.NamedArrays;
import dev.unfreeze.training.runtime.SmallCnn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a run's best weights as a folder that works without Unfreeze: either for DJL (plain DJL loads it with
 * {@code Criteria.builder().optModelPath(folder)}, Python with TorchScript and safetensors, and Unfreeze itself can
 * start the next run from it) or as one ONNX file for ONNX Runtime and every other runtime that reads ONNX.
 */
public final class ModelExporter {
    /** The jar with the block factory; DJL looks for jars at the top of a model folder. */
    public static final String RUNTIME_JAR = "unfreeze-runtime.jar";
    /** The ONNX export's model file. */
    public static final String ONNX_FILE = "model.onnx";
    /** The ONNX export's float16 copy. */
    public static final String ONNX_HALF_FILE = "model-fp16.onnx";
    /** The backbone's ONNX twin inside a DJL folder, so that a run based on it can be exported as ONNX. */
    private static final String TWIN_FILE = "backbone.onnx";


    private final ModelCatalog catalog;

    public ModelExporter(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Exports the run's best checkpoint (its last when it has no best) into {@code out}.
     *
     * @return the folder written
     */
    public Path export(Path runDirectory, Path out) {
        return export(runDirectory, out, ExportFormat.DJL, false);
    }

    /**
     * Exports the run's best checkpoint (its last when it has no best) into {@code out} in the given format.
     *
     * @param half with ONNX, also {@value #ONNX_HALF_FILE}, the same network with float16 weights
     * @return the folder written
     */
    public Path export(Path runDirectory, Path out, ExportFormat format, boolean half) {
        RunFolder run = new RunFolder(runDirectory);
        Recipe recipe = run.recipe();
        RunInfo info = run.info();
        Path checkpointFile = Files.isRegularFile(run.bestCheckpoint()) ? run.bestCheckpoint() : run.lastCheckpoint();
        CheckpointStore.Loaded checkpoint = CheckpointStore.read(checkpointFile);
        try {
            if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
                throw new UnfreezeException("the export folder " + out + " exists and is not empty; choose a new folder");
            }
            ResolvedModel base = catalog.resolve(recipe.model());
            Path twin = base.metadata().onnx() == null ? null : base.weights().resolveSibling(base.metadata().onnx());
            boolean onnx = format == ExportFormat.ONNX;
            if (onnx && twin == null && !SmallCnn.ARCHITECTURE.equals(base.metadata().architecture())) {
                throw new UnfreezeException(OnnxModels.noTwin(base.metadata().id()));
            }
            Files.createDirectories(out);
            // the fine-tuned TorchScript backbone goes into the DJL folder; an ONNX export only reads it back
            Path backboneFile = onnx ? Files.createTempFile("unfreeze-export", ".pt") : out.resolve("backbone.pt");
            ResolvedModel restoredBase = PreparedRun.withCheckpointBackbone(base, checkpoint, backboneFile);
            try (AdaptedModel model = AdaptedModel.create(restoredBase, info.classes(), recipe.head(), false,
                    info.imageSize(), recipe.seed(), Device.cpu())) {
                checkpoint.restoreInto(model.network());
                if (onnx) {
                    writeOnnx(out, run, recipe, info, checkpoint, model, base.metadata(), restoredBase.weights(), twin, half);
                } else {
                    writeFolder(out, run, recipe, info, checkpoint, model, base, twin);
                }
            } finally {
                if (onnx) {
                    Files.deleteIfExists(backboneFile);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UnfreezeException("cannot write the export to " + out + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }

    private void writeFolder(Path out, RunFolder run, Recipe recipe, RunInfo info, CheckpointStore.Loaded checkpoint,
            AdaptedModel model, ResolvedModel base, Path twin) throws IOException {
        ModelMetadata baseMeta = base.metadata();
        boolean smallCnn = SmallCnn.ARCHITECTURE.equals(baseMeta.architecture());
        String backboneFile = smallCnn ? "backbone.safetensors" : "backbone.pt";
        if (smallCnn) {
            try (OutputStream o = Files.newOutputStream(out.resolve(backboneFile))) {
                NamedArrays.write(model.network().backbone(), o);
            }
        }
        try (OutputStream o = Files.newOutputStream(out.resolve("head.safetensors"))) {
            NamedArrays.write(model.network().head(), o);
        }
        if (twin != null) {
            Files.copy(twin, out.resolve(TWIN_FILE));
        }
        Files.write(out.resolve("synset.txt"), info.classes(), StandardCharsets.UTF_8);
        RuntimeJar.write(out.resolve(RUNTIME_JAR));

        Map<String, String> serving = new LinkedHashMap<>();
        serving.put("engine", "PyTorch");
        // DJL's loader builds its own image translator from these properties (ToTensor alone: no resize, no
        // normalisation); the network's first block resizes and normalises exactly as training did (ExactInput).
        // The factory named here is the one Unfreeze passes itself, to resize before batching.
        serving.put("translatorFactory", "dev.unfreeze.training.runtime.AdaptedTranslatorFactory");
        serving.put("blockFactory", "dev.unfreeze.training.runtime.AdaptedBlockFactory");
        serving.put("option.hasParameter", "false");
        serving.put("width", String.valueOf(info.imageSize()));
        serving.put("height", String.valueOf(info.imageSize()));
        serving.put("flag", model.preprocessing().channels() == 1 ? "GRAYSCALE" : "COLOR");
        if (baseMeta.normalized()) {
            serving.put("inputMean", baseMeta.mean().stream().map(String::valueOf).collect(Collectors.joining(",")));
            serving.put("inputStd", baseMeta.std().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        serving.put("synsetFileName", "synset.txt");
        serving.put("applySoftmax", "true");
        serving.put("topK", String.valueOf(info.classes().size()));
        serving.put("channels", String.valueOf(model.preprocessing().channels()));
        serving.put("backboneArchitecture", baseMeta.architecture());
        serving.put("featureDimension", String.valueOf(info.featureDimension()));
        serving.put("headType", recipe.head().type().word());
        serving.put("headHidden", String.valueOf(recipe.head().hidden()));
        serving.put("headDropout", String.valueOf(recipe.head().dropout()));
        StringBuilder properties = new StringBuilder("# Read by DJL's model loader; see MODEL_CARD.md.\n");
        serving.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        Files.writeString(out.resolve("serving.properties"), properties.toString(), StandardCharsets.UTF_8);

        String name = out.getFileName().toString();
        List<String> lineage = new ArrayList<>(baseMeta.lineage());
        lineage.add(baseMeta.id());
        new ModelMetadata(name, name + " (adapted)", baseMeta.architecture(), backboneFile, info.imageSize(),
                baseMeta.channels(), baseMeta.mean(), baseMeta.std(), info.featureDimension(), baseMeta.parameters(),
                "adapted from " + baseMeta.id() + " by Unfreeze on dataset " + info.datasetFingerprint(),
                baseMeta.license(), lineage, Checksums.sha256(out.resolve(backboneFile)), baseMeta.groupOutputs(),
                twin == null ? null : TWIN_FILE)
                .write(out.resolve(ModelMetadata.FILE_NAME));

        Map<String, Object> preprocessing = preprocessing(info, model, baseMeta);
        ModelCard card = card(name, run, recipe, info, checkpoint, baseMeta, lineage, preprocessing,
                djlFiles(smallCnn, twin != null), djlUsage(name, model, info, baseMeta, smallCnn));
        writeCard(out, card);
    }

    private void writeOnnx(Path out, RunFolder run, Recipe recipe, RunInfo info, CheckpointStore.Loaded checkpoint,
            AdaptedModel model, ModelMetadata baseMeta, Path backboneWeights, Path twin, boolean half) throws IOException {
        String name = out.getFileName().toString();
        List<String> lineage = new ArrayList<>(baseMeta.lineage());
        lineage.add(baseMeta.id());
        Map<String, Object> preprocessing = preprocessing(info, model, baseMeta);
        if (baseMeta.normalized()) {
            preprocessing.put("normalisation", "inside the model: give it pixel / 255");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("classes", Json.mapper().writeValueAsString(info.classes()));
        metadata.put("preprocessing", Json.mapper().writeValueAsString(preprocessing));
        metadata.put("base_model", baseMeta.id());
        metadata.put("license", baseMeta.license());
        ModelProto onnx = OnnxModels.build(model.network(), baseMeta, backboneWeights, twin, info.imageSize(), info.classes().size(), name,
                Versions.current().unfreeze(), metadata);
        OnnxModels.write(onnx, out.resolve(ONNX_FILE));
        HalfAgreement agreement = null;
        if (half) {
            OnnxModels.write(OnnxModels.half(onnx), out.resolve(ONNX_HALF_FILE));
            List<Path> images = heldOut(info);
            agreement = NativeStderr.silenced(() -> {
                try {
                    return HalfAgreement.measure(model, images);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        Files.write(out.resolve("synset.txt"), info.classes(), StandardCharsets.UTF_8);
        ModelCard card = card(name, run, recipe, info, checkpoint, baseMeta, lineage, preprocessing,
                OnnxUsage.files(agreement, Files.size(out.resolve(ONNX_FILE)),
                        half ? Files.size(out.resolve(ONNX_HALF_FILE)) : 0),
                OnnxUsage.snippets(name, info.imageSize(), model.preprocessing().channels()));
        writeCard(out, card);
    }

    /** The images the run did not train on (its test part, else its validation images), else its training images. */
    private static List<Path> heldOut(RunInfo info) {
        List<String> files = info.testFiles() != null && !info.testFiles().isEmpty() ? info.testFiles()
                : !info.valFiles().isEmpty() ? info.valFiles() : info.trainFiles();
        Path root = Path.of(info.datasetRoot());
        return files.stream().map(root::resolve).toList();
    }

    private static void writeCard(Path out, ModelCard card) throws IOException {
        Json.indented().writeValue(out.resolve("model-card.json").toFile(), card);
        Files.writeString(out.resolve("MODEL_CARD.md"), card.markdown(), StandardCharsets.UTF_8);
    }

    /** The exact input the model expects. */
    private static Map<String, Object> preprocessing(RunInfo info, AdaptedModel model, ModelMetadata baseMeta) {
        Map<String, Object> preprocessing = new LinkedHashMap<>();
        preprocessing.put("size", info.imageSize());
        preprocessing.put("colour", model.preprocessing().channels() == 1 ? "greyscale" : "RGB");
        preprocessing.put("resize", "bilinear with antialiasing to size x size (Pillow's resize(BILINEAR), torchvision's antialias=True)");
        preprocessing.put("range", "[0, 1] (pixel / 255)");
        preprocessing.put("mean", baseMeta.mean());
        preprocessing.put("std", baseMeta.std());
        return preprocessing;
    }

    private static Map<String, String> djlFiles(boolean smallCnn, boolean twin) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(smallCnn ? "backbone.safetensors" : "backbone.pt", smallCnn
                ? "the fine-tuned small-CNN backbone's weights (DJL parameter names)"
                : "the fine-tuned backbone as TorchScript; forward(x) returns the feature vector");
        files.put("head.safetensors", "the classification head's weights");
        files.put("synset.txt", "class names, one per line, in output order");
        files.put("serving.properties", "how DJL builds the network and preprocesses images");
        files.put(RUNTIME_JAR, "the block factory DJL uses to rebuild the input step, backbone and head");
        files.put(ModelMetadata.FILE_NAME, "lets Unfreeze use this model as the base of a new run");
        if (twin) {
            files.put(TWIN_FILE, "the backbone's graph without weights, for ONNX exports of runs based on this model");
        }
        return files;
    }

    private static Map<String, String> djlUsage(String name, AdaptedModel model, RunInfo info, ModelMetadata baseMeta,
            boolean smallCnn) {
        Map<String, String> usage = new LinkedHashMap<>();
        usage.put("Java", """
                Criteria<Image, Classifications> criteria = Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(Paths.get("%s"))   // with unfreeze-runtime.jar on the class path
                        .build();
                // images of any size: the network resizes (antialiased, as in training) and normalises them itself
                try (ZooModel<Image, Classifications> model = criteria.loadModel();
                     Predictor<Image, Classifications> predictor = model.newPredictor()) {
                    Classifications result = predictor.predict(ImageFactory.getInstance().fromFile(Paths.get("photo.jpg")));
                    System.out.println(result.best());
                }""".formatted(name));
        if (!smallCnn) {
            String keys = "head[\"" + String.join("\"], head[\"", headKeys(model)) + "\"]";
            usage.put("Python", """
                    import torch
                    from safetensors.torch import load_file
                    backbone = torch.jit.load("%s/backbone.pt").eval()
                    head = load_file("%s/head.safetensors")   # %s
                    # x: N x %d x %d x %d float tensor, pixel / 255%s
                    with torch.no_grad():
                        features = backbone(x)
                    # apply the head's layers in order (Linear weights are [out, in]); classes in synset.txt""".formatted(
                    name, name, keys, baseMeta.channels(), info.imageSize(), info.imageSize(),
                    baseMeta.normalized() ? ", then normalised with the mean and std above" : ""));
        }
        return usage;
    }

    private static ModelCard card(String name, RunFolder run, Recipe recipe, RunInfo info, CheckpointStore.Loaded checkpoint,
            ModelMetadata baseMeta, List<String> lineage, Map<String, Object> preprocessing, Map<String, String> files,
            Map<String, String> usage) throws IOException {
        TrainingEvent.EpochDone metrics = null;
        for (TrainingEvent e : run.events()) {
            if (e instanceof TrainingEvent.EpochDone done && done.epoch() == checkpoint.header().bestEpoch()) {
                metrics = done;
            }
        }
        return new ModelCard(name, baseMeta.id(), lineage, recipe.fromScratch(), recipe, info.datasetFingerprint(),
                info.trainFiles().size(), info.valFiles().size(), info.classes(), preprocessing,
                checkpoint.header().bestEpoch(), checkpoint.header().bestValAccuracy(), checkpoint.header().bestValLoss(),
                perClass(run, info, metrics), testResult(run), foldEstimate(run, info), Versions.current(), files, usage);
    }

    /**
     * The exported weights' per-class figures: their validation epoch's; for a model trained on every image,
     * those of the automatic plan's answers on its folds (what the run folder keeps as its predictions).
     */
    private static List<dev.unfreeze.training.api.ClassMetrics> perClass(RunFolder run, RunInfo info,
            TrainingEvent.EpochDone metrics) {
        if (info.valFiles().isEmpty()) {
            List<dev.unfreeze.training.api.ValidationPrediction> folds = run.predictions();
            return folds.isEmpty() ? List.of() : dev.unfreeze.training.api.ClassMetrics.of(
                    dev.unfreeze.training.api.ValidationPrediction.confusion(folds, info.classes()), info.classes());
        }
        return metrics == null ? List.of() : metrics.perClass();
    }

    /** The plan's cross-validated estimate of a model that trained on every image; null when it had validation images. */
    private static ModelCard.FoldEstimate foldEstimate(RunFolder run, RunInfo info) {
        dev.unfreeze.training.api.PlanReport plan = run.plan();
        if (!info.valFiles().isEmpty() || plan == null) {
            return null;
        }
        return plan.chosenCandidate().map(c -> new ModelCard.FoldEstimate(c.name(), c.accuracy(), c.spread(), c.foldsScored(), plan.folds()))
                .orElse(null);
    }

    /** The run's test result, when its dataset had a test part. */
    private static ModelCard.Test testResult(RunFolder folder) throws IOException {
        if (!Files.isRegularFile(folder.testMetricsFile())) {
            return null;
        }
        TrainingEvent event = dev.unfreeze.training.runs.EventJson.read(Files.readString(folder.testMetricsFile()).trim());
        return event instanceof TrainingEvent.TestEvaluated t ? new ModelCard.Test(t.images(), t.accuracy(), t.loss()) : null;
    }

    private static List<String> headKeys(AdaptedModel model) {
        return model.network().head().getParameters().keys();
    }
}
