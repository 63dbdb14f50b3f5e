package dev.unfreeze.training.catalog;

import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The models that ship inside the application (the assets jar). They are unpacked into the
 * workspace cache on first use because the engine loads weights from files; the checksum in
 * their metadata decides whether an unpacked copy of the weights is still current.
 */
public final class BundledModels {
    private static final String ROOT = "/unfreeze/assets/models/";

    private final Path cacheDir;

    public BundledModels(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The ids of every bundled model, as listed in the assets' index. */
    public List<String> ids() {
        try (InputStream in = resource("index.txt")) {
            List<String> ids = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ids.add(line.trim());
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metadata of a bundled model, read without unpacking the weights. */
    public ModelMetadata metadata(String id) {
        try (InputStream in = resource(id + "/" + ModelMetadata.FILE_NAME)) {
            Path tmp = Files.createTempFile("unfreeze-model", ".json");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return ModelMetadata.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks the model (when the cache has no current copy) and returns its folder. */
    public Path unpack(String id) {
        ModelMetadata meta = metadata(id);
        Path folder = cacheDir.resolve("bundled").resolve(id);
        Path weights = folder.resolve(meta.weights());
        try {
            boolean twinUnpacked = (meta.onnx() == null || Files.isRegularFile(folder.resolve(meta.onnx())))
                    && (meta.stageFeatures() == null || meta.stageFeatures().onnx() == null
                    || Files.isRegularFile(folder.resolve(meta.stageFeatures().onnx())));
            Files.createDirectories(folder);
            // the metadata may change while the weights do not (a measured figure added)
            copyIfChanged(id + "/" + ModelMetadata.FILE_NAME, folder.resolve(ModelMetadata.FILE_NAME));
            if (twinUnpacked && Files.isRegularFile(weights) && meta.sha256() != null && meta.sha256().equals(Checksums.sha256(weights))) {
                return folder;
            }
            copy(id + "/" + meta.weights(), weights);
            if (meta.onnx() != null) {
                copy(id + "/" + meta.onnx(), folder.resolve(meta.onnx()));
            }
            StageFeatures stages = meta.stageFeatures();
            if (stages != null && stages.onnx() != null) {
                copy(id + "/" + stages.onnx(), folder.resolve(stages.onnx()));
            }
            return folder;
        } catch (IOException e) {
            throw new UnfreezeException("cannot unpack the bundled model '" + id + "' into " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Copies a small file unless the target already holds the same bytes, so that readers rarely see it replaced. */
    private void copyIfChanged(String name, Path target) throws IOException {
        byte[] bundled;
        try (InputStream in = resource(name)) {
            bundled = in.readAllBytes();
        }
        if (Files.isRegularFile(target) && Arrays.equals(bundled, Files.readAllBytes(target))) {
            return;
        }
        copy(name, target);
    }

    private void copy(String name, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = resource(name)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BundledModels.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IOException("the application's assets lack " + ROOT + name);
        }
        return in;
    }
}
