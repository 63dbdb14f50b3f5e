package dev.unfreeze.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where DJL unpacks the PyTorch engine, found as DJL finds it (ENGINE_CACHE_DIR, else DJL_CACHE_DIR, else
 * {@code .djl.ai} in the home folder, or in the temporary folder when the home folder cannot be written), so that
 * the window can watch the unpacking without loading any DJL class. {@code EngineCacheFolderTest} checks that it
 * agrees with DJL's own answer.
 */
final class EngineCacheFolder {
    private EngineCacheFolder() {}

    /** The PyTorch engine's cache folder. */
    static Path pytorch() {
        String engineCache = setting("ENGINE_CACHE_DIR");
        if (engineCache != null && !engineCache.isEmpty()) {
            return Path.of(engineCache).resolve("pytorch");
        }
        String cache = setting("DJL_CACHE_DIR");
        if (cache != null && !cache.isEmpty()) {
            return Path.of(cache).resolve("pytorch");
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path base = Files.isWritable(home) ? home : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve(".djl.ai").resolve("pytorch");
    }

    /** An environment variable, else a system property of the same name. */
    private static String setting(String name) {
        String value = System.getenv(name);
        return value != null ? value : System.getProperty(name);
    }
}
