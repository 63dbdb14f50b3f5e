package dev.unfreeze.training.catalog;

import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The models a run can start from, as files: the bundled and imported ones listed, and whether a reference names
 * a model at all. It reads metadata only and never the engine, so the window's process can use it;
 * {@link ModelCatalog} resolves a reference into a network.
 */
public final class ModelListing {
    private final Workspace workspace;
    private final BundledModels bundled;

    public ModelListing(Workspace workspace) {
        this.workspace = workspace;
        this.bundled = new BundledModels(workspace.cache());
    }

    /** The bundled and imported models. */
    public List<ModelInfo> list() {
        List<ModelInfo> models = new ArrayList<>();
        for (String id : bundled.ids()) {
            models.add(info(bundled.metadata(id), "bundled", "bundled:" + id));
        }
        if (Files.isDirectory(workspace.models())) {
            try (Stream<Path> dirs = Files.list(workspace.models())) {
                dirs.sorted().filter(d -> Files.isRegularFile(d.resolve(ModelMetadata.FILE_NAME))).forEach(d -> {
                    try {
                        models.add(info(ModelMetadata.read(d.resolve(ModelMetadata.FILE_NAME)), "imported", d.toString()));
                    } catch (IOException e) {
                        // A damaged import is skipped here; resolving it by path reports the problem.
                    }
                });
            } catch (IOException e) {
                throw new UnfreezeException("cannot list the imported models in " + workspace.models() + ": " + e.getMessage(), e);
            }
        }
        return models;
    }

    /**
     * Checks that a reference names a model (a catalog id, a model folder, a file, a URL) without loading it: what
     * can be refused before a run starts. A URL is taken on trust; the run fetches it.
     *
     * @throws UnfreezeException saying what was tried
     */
    public void checkExists(String reference) {
        if (bundled.ids().contains(reference) || isImported(reference) || ModelReferences.isRemote(reference)) {
            return;
        }
        Path path = Path.of(reference);
        if (Files.isDirectory(path) && !Files.isRegularFile(path.resolve(ModelMetadata.FILE_NAME))) {
            throw notAModelFolder(path);
        }
        if (!Files.exists(path)) {
            throw noSuchModel(reference);
        }
    }

    /** Whether the workspace holds an imported model of that id. */
    boolean isImported(String reference) {
        return !reference.contains("/") && Files.isRegularFile(workspace.models().resolve(reference)
                .resolve(ModelMetadata.FILE_NAME));
    }

    static UnfreezeException notAModelFolder(Path folder) {
        return new UnfreezeException("the folder " + folder + " is not a model: it has no " + ModelMetadata.FILE_NAME);
    }

    UnfreezeException noSuchModel(String reference) {
        List<String> known = new ArrayList<>(bundled.ids());
        list().stream().filter(m -> m.source().equals("imported")).forEach(m -> known.add(m.id()));
        return new UnfreezeException("no model '" + reference + "': it is not a catalog id (" + String.join(", ", known)
                + "), an existing file or folder, or a URL");
    }

    static ModelInfo info(ModelMetadata meta, String source, String location) {
        return new ModelInfo(meta.id(), meta.name(), source, location, meta.architecture(), meta.parameters(),
                meta.inputSize(), meta.channels(), meta.provenance(), meta.license());
    }
}
