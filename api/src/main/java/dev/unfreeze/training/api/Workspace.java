package dev.unfreeze.training.api;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The per-user folder where Unfreeze writes: imported models, downloads, runs and caches. Never the
 * installation folder, which may be read-only.
 *
 * @param root the workspace folder
 */
public record Workspace(Path root) {

    /**
     * The workspace from {@code UNFREEZE_HOME} (or the {@code unfreeze.home} property), else the
     * platform's per-user data folder.
     */
    public static Workspace fromEnvironment() {
        String configured = System.getProperty("unfreeze.home", System.getenv("UNFREEZE_HOME"));
        if (configured != null && !configured.isBlank()) {
            return new Workspace(Path.of(configured).toAbsolutePath());
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return new Workspace((local != null ? Path.of(local) : home).resolve("Unfreeze"));
        }
        if (os.contains("mac")) {
            return new Workspace(home.resolve("Library/Application Support/Unfreeze"));
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return new Workspace((xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("unfreeze"));
    }

    /** Imported models, one folder each. */
    public Path models() {
        return root.resolve("models");
    }

    /** Training runs, one folder each. */
    public Path runs() {
        return root.resolve("runs");
    }

    /** Things that can be rebuilt: unpacked bundled models, downloads, the native library. */
    public Path cache() {
        return root.resolve("cache");
    }
}
