package dev.unfreeze.training.catalog;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

/**
 * Every model a run can start from: the bundled ones, those imported into the workspace, any
 * TorchScript file or exported Unfreeze model on disk, and URLs.
 */
public final class ModelCatalog {
    private static final String TORCHSCRIPT = "torchscript";

    private final Workspace workspace;
    private final BundledModels bundled;
    private final UrlModelFetcher fetcher;
    private final ModelListing listing;

    public ModelCatalog(Workspace workspace) {
        this.workspace = workspace;
        this.bundled = new BundledModels(workspace.cache());
        this.fetcher = new UrlModelFetcher(workspace.cache(), Boolean.getBoolean("unfreeze.offline"));
        this.listing = new ModelListing(workspace);
    }

    /** The workspace the catalog keeps imported models and caches in. */
    public Workspace workspace() {
        return workspace;
    }

    /** The bundled and imported models. */
    public List<ModelInfo> list() {
        return listing.list();
    }

    /**
     * Finds a model by catalog id, path (TorchScript file, model folder or exported model) or URL.
     *
     * @throws UnfreezeException when nothing matches, saying what was tried
     */
    public ResolvedModel resolve(String reference) {
        if (bundled.ids().contains(reference)) {
            Path folder = bundled.unpack(reference);
            return fromFolder(folder, "bundled");
        }
        if (listing.isImported(reference)) {
            return fromFolder(workspace.models().resolve(reference), "imported");
        }
        if (ModelReferences.isZooUrl(reference)) {
            return fromFile(DjlZooFetcher.fetch(reference), "url", reference);
        }
        if (ModelReferences.isUrl(reference)) {
            return fromFile(fetcher.fetch(reference), "url", reference);
        }
        Path path = Path.of(reference);
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve(ModelMetadata.FILE_NAME))) {
                throw ModelListing.notAModelFolder(path);
            }
            return fromFolder(path, Files.isRegularFile(path.resolve("model-card.json")) ? "export" : "file");
        }
        if (Files.isRegularFile(path)) {
            return fromFile(path, "file", path.toString());
        }
        throw listing.noSuchModel(reference);
    }

    /**
     * Copies a TorchScript file into the workspace so it appears in the catalog.
     *
     * @return the imported model
     */
    public ResolvedModel importFile(Path file, String id) {
        return importFile(file, id, file.toString(), null);
    }

    /** The ONNX twin beside a model file ({@code NAME.onnx} for {@code NAME.pt}), or null. */
    private static Path twinBeside(Path file) {
        Path twin = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".onnx");
        return Files.isRegularFile(twin) ? twin : null;
    }

    /**
     * Imports a TorchScript file as {@link #importFile(Path, String)} does, with its ONNX twin (the same network
     * exported to ONNX with its tensor names kept), which lets runs based on it be exported as ONNX.
     *
     * @param onnxTwin the twin, or null for the file {@code NAME.onnx} beside {@code NAME.pt} if there is one
     */
    public ResolvedModel importFile(Path file, String id, Path onnxTwin) {
        return importFile(file, id, file.toString(), onnxTwin);
    }

    /**
     * Downloads a TorchScript file (once; a {@code #sha256=} fragment is checked) and imports it as
     * {@link #importFile(Path, String)} does, recording the URL as its origin.
     *
     * @param progress the share downloaded (0 to 1), or -1 while the size is unknown
     */
    public ResolvedModel importUrl(String url, String id, DoubleConsumer progress) {
        return importFile(fetcher.fetch(url, progress), id, url.replaceFirst("#.*$", ""), null);
    }

    private ResolvedModel importFile(Path file, String id, String origin, Path onnxTwin) {
        ResolvedModel probed = fromFile(file, "file", origin);
        Path folder = workspace.models().resolve(id);
        try {
            Files.createDirectories(folder);
            Path weights = folder.resolve(file.getFileName());
            Files.copy(file, weights, StandardCopyOption.REPLACE_EXISTING);
            ModelMetadata meta = probed.metadata().with(id, weights.getFileName().toString(),
                    probed.metadata().featureDimension(), probed.metadata().parameters(),
                    probed.metadata().lineage(), Checksums.sha256(weights));
            Path givenTwin = onnxTwin != null ? onnxTwin : origin.equals(file.toString()) ? twinBeside(file) : null;
            if (givenTwin != null) {
                String twin = weights.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".onnx";
                Files.copy(givenTwin, folder.resolve(twin), StandardCopyOption.REPLACE_EXISTING);
                meta = meta.withOnnx(twin);
            }
            meta.write(folder.resolve(ModelMetadata.FILE_NAME));
            return fromFolder(folder, "imported");
        } catch (IOException e) {
            throw new UnfreezeException("cannot import " + file + " into " + folder + ": " + e.getMessage(), e);
        }
    }

    private ResolvedModel fromFolder(Path folder, String source) {
        try {
            ModelMetadata meta = ModelMetadata.read(folder.resolve(ModelMetadata.FILE_NAME));
            Path weights = folder.resolve(meta.weights());
            if (meta.featureDimension() == 0 || meta.parameters() == 0) {
                meta = probe(meta, weights);
            }
            return new ResolvedModel(info(meta, source, folder.toString()), meta, weights);
        } catch (IOException e) {
            throw new UnfreezeException(e.getMessage(), e);
        }
    }

    /**
     * A TorchScript file: the metadata beside it ({@code NAME.json} or {@value ModelMetadata#FILE_NAME})
     * if there is one, else RGB in [0, 1] at 224 px; a probe forward pass fills in the rest.
     */
    private ResolvedModel fromFile(Path file, String source, String location) {
        String base = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path beside = file.resolveSibling(base + ".json");
        Path shared = file.resolveSibling(ModelMetadata.FILE_NAME);
        ModelMetadata meta;
        try {
            if (Files.isRegularFile(beside)) {
                meta = ModelMetadata.read(beside);
            } else if (Files.isRegularFile(shared)) {
                meta = ModelMetadata.read(shared);
            } else {
                meta = new ModelMetadata(base, base, TORCHSCRIPT, file.getFileName().toString(), 224, 3, null, null, 0, 0,
                        "imported from " + location, "unknown", List.of(), null, null, null, null, null);
            }
        } catch (IOException e) {
            throw new UnfreezeException(e.getMessage(), e);
        }
        String architecture = meta.architecture() == null ? TORCHSCRIPT : meta.architecture().toLowerCase(Locale.ROOT);
        meta = new ModelMetadata(meta.id() == null ? base : meta.id(), meta.name() == null ? base : meta.name(),
                architecture, file.getFileName().toString(), meta.inputSize() == 0 ? 224 : meta.inputSize(),
                meta.channels() == 0 ? 3 : meta.channels(), meta.mean(), meta.std(), meta.featureDimension(),
                meta.parameters(), meta.provenance(), meta.license(), meta.lineage(), Checksums.sha256(file), meta.groupOutputs(),
                null, meta.fineTuneTemperature(), null);
        meta = probe(meta, file);
        return new ResolvedModel(info(meta, source, location), meta, file);
    }

    private static ModelMetadata probe(ModelMetadata meta, Path weights) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block backbone = BackboneLoader.load(meta, weights, manager, true);
            int features = BackboneLoader.probeFeatureDimension(backbone, manager, meta.channels(), meta.inputSize());
            long parameters = BackboneLoader.trainableParameterCount(backbone);
            return meta.with(meta.id(), meta.weights(), features, parameters, meta.lineage(), meta.sha256());
        }
    }

    private static ModelInfo info(ModelMetadata meta, String source, String location) {
        return ModelListing.info(meta, source, location);
    }
}
