package dev.unfreeze.ui.shared;

import dev.unfreeze.training.api.DatasetServices;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Where every step's pictures come from: the services' thumbnail cache (which decodes as training does), read on a
 * thread of its own so that pictures never wait behind slow work (a helper process reading a model) on the
 * background lanes, and handed to the window on its UI executor.
 */
public final class Thumbnails {
    private final DatasetServices services;
    private final Executor ui;
    private final Executor pictures = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "unfreeze-thumbnails");
        t.setDaemon(true);
        return t;
    });

    public Thumbnails(DatasetServices services, Executor ui) {
        this.services = services;
        this.ui = ui;
    }

    /** Reads an image's cached thumbnail in the background, then gives it (null when unreadable) to the window. */
    public void load(Path image, Consumer<Path> onUi) {
        CompletableFuture.supplyAsync(() -> services.thumbnail(image), pictures).thenAcceptAsync(onUi, ui);
    }
}
