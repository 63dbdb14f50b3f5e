package dev.unfreeze.training.api;

import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The models a run can start from: the catalog, imports, a model's layer groups and its training speed. Every
 * method may block; callers run them off the UI thread.
 */
public interface ModelServices {
    /** The models the catalog offers. */
    List<ModelInfo> models();

    /** Adds a TorchScript file to the catalog (probing it for its feature size) and returns its entry. */
    ModelInfo importModel(Path torchScriptFile);

    /**
     * Downloads a TorchScript file from a URL (once; a {@code #sha256=} ending is checked), adds it
     * to the catalog and returns its entry.
     *
     * @param progress the share downloaded (0 to 1), or -1 while the size is unknown
     */
    ModelInfo importModelFromUrl(String url, DoubleConsumer progress);

    /** A model's layer groups (the head for {@code classes} classes last). */
    ModelLayout inspect(String model, int classes);

    /**
     * How fast this computer trains a model (measured in a helper process the first time, then
     * remembered in the workspace; takes seconds to a minute the first time).
     */
    Throughput throughput(String model);
}
