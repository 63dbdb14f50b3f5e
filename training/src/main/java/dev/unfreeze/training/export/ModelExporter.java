package dev.unfreeze.training.export;

import ai.djl.Device;
import dev.unfreeze.training.api.ExportFormat;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Versions;
import dev.unfreeze.training.catalog.Checksums;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.catalog.NativeStderr;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.catalog.StageFeatures;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.engine.CheckpointStore;
import dev.unfreeze.training.engine.ConfidenceTemperature;
import dev.unfreeze.training.engine.PreparedRun;
import dev.unfreeze.training.export.onnx.OnnxModels;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.ModelProto;
import dev.unfreeze.training.runs.ProvisionalModelAside;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunInfo;
import dev.unfreeze.training.runtime.NamedArrays;
import dev.unfreeze.training.runtime.SmallCnn;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    static final String TWIN_FILE = "backbone.onnx";


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
        // an automatic plan's final run that has not ended offers its first model, with that model's own recipe
        RunFolder asked = new RunFolder(runDirectory);
        RunFolder run = ProvisionalModelAside.of(asked).orElse(asked);
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
            // a head on every stage reads the graph of the backbone's stage method; the DJL folder keeps the forward's
            Path graph = recipe.head().reads() == RecipeHead.Features.STAGES ? stageTwin(base) : twin;
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
                // the best checkpoint was saved with the run's temperature in its head; the last keeps the trained one
                float temperature = checkpointFile.equals(run.bestCheckpoint()) ? ConfidenceTemperature.NONE
                        : ConfidenceTemperature.ofLastCheckpoint(recipe, info.valFiles().size(), model.groups().size(),
                                base.metadata());
                try (ConfidenceTemperature.Scope divided = ConfidenceTemperature.divide(model.network().head(),
                        temperature)) {
                    if (onnx) {
                        writeOnnx(out, run, recipe, info, checkpoint, model, base.metadata(), restoredBase.weights(),
                                graph, half);
                    } else {
                        writeFolder(out, run, recipe, info, checkpoint, model, base, twin);
                    }
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

    /** The ONNX twin of the backbone's stage method. */
    private static Path stageTwin(ResolvedModel base) {
        StageFeatures stages = base.metadata().stageFeatures();
        if (stages == null || stages.onnx() == null) {
            throw new UnfreezeException("the model '" + base.metadata().id() + "' has no ONNX graph of its stages'"
                    + " features, which this run's head reads, so it cannot be exported as ONNX; export it for DJL");
        }
        return base.weights().resolveSibling(stages.onnx());
    }

    /** The length of the backbone's forward output, which a model based on the export reads. */
    private static int backboneFeatures(ModelMetadata baseMeta, RunInfo info) {
        return baseMeta.featureDimension() > 0 ? baseMeta.featureDimension() : info.featureDimension();
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
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
        serving.put("featureDimension", String.valueOf(model.network().featureDimension()));
        if (model.network().featureMethod() != null) {
            serving.put("featureMethod", model.network().featureMethod());
        }
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
                baseMeta.channels(), baseMeta.mean(), baseMeta.std(), backboneFeatures(baseMeta, info),
                baseMeta.parameters(),
                "adapted from " + baseMeta.id() + " by Unfreeze on dataset " + info.datasetFingerprint(),
                baseMeta.license(), lineage, Checksums.sha256(out.resolve(backboneFile)), baseMeta.groupOutputs(),
                twin == null ? null : TWIN_FILE, baseMeta.fineTuneTemperature(), null)
                .write(out.resolve(ModelMetadata.FILE_NAME));

        Map<String, Object> preprocessing = ModelCards.preprocessing(info, model, baseMeta);
        ModelCard card = ModelCards.card(name, run, recipe, info, checkpoint, baseMeta, lineage, preprocessing,
                DjlUsage.files(smallCnn, twin != null, model.network().featureMethod()),
                DjlUsage.snippets(name, model, info, baseMeta, smallCnn));
        ModelCards.write(out, card);
    }

    private void writeOnnx(Path out, RunFolder run, Recipe recipe, RunInfo info, CheckpointStore.Loaded checkpoint,
            AdaptedModel model, ModelMetadata baseMeta, Path backboneWeights, Path twin, boolean half) throws IOException {
        String name = out.getFileName().toString();
        List<String> lineage = new ArrayList<>(baseMeta.lineage());
        lineage.add(baseMeta.id());
        Map<String, Object> preprocessing = ModelCards.preprocessing(info, model, baseMeta);
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
            agreement = NativeStderr.silenced(() -> {
                try {
                    return HalfAgreement.measure(model, info, OnnxModels::storedAsHalf);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.write(out.resolve("synset.txt"), info.classes(), StandardCharsets.UTF_8);
        ModelCard card = ModelCards.card(name, run, recipe, info, checkpoint, baseMeta, lineage, preprocessing,
                OnnxUsage.files(agreement, Files.size(out.resolve(ONNX_FILE)),
                        half ? Files.size(out.resolve(ONNX_HALF_FILE)) : 0),
                OnnxUsage.snippets(name, info.imageSize(), model.preprocessing().channels()));
        ModelCards.write(out, card);
    }

}
