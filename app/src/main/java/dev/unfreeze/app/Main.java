package dev.unfreeze.app;

import dev.unfreeze.app.cli.UnfreezeCommand;
import dev.unfreeze.app.gui.GuiLauncher;
import dev.unfreeze.app.gui.RunTour;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The entry point of the installed application and of {@code ./unfreeze}. It is a plain class (not
 * a JavaFX {@code Application}) so that it starts from an ordinary class path.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        configureEngine();
        if (args.length == 0 && !GraphicsEnvironment.isHeadless()) {
            GuiLauncher.open(sampleDataset());
            System.exit(0);
        }
        if (args.length == 4 && args[0].equals("--screenshots") && args[2].equals("--run")) {
            // Pictures of every step for a finished run (a report, the documentation's screenshots).
            try {
                System.exit(RunTour.photograph(Path.of(args[3]),
                        Path.of(args[1])) ? 0 : 1);
            } catch (IOException e) {
                System.err.println("unfreeze: " + e.getMessage());
                System.exit(1);
            }
        }
        if (args.length == 2 && args[0].equals("--screenshot")) {
            // Opens the workbench, saves a picture of it once loaded, and exits: checks an installation.
            GuiLauncher.open(sampleDataset(), Path.of(args[1]));
            System.exit(0);
        }
        System.exit(run(args));
    }

    /** The sample dataset the workbench opens with: next to the installation, or in the source tree. */
    static Path sampleDataset() {
        String configured = System.getProperty("unfreeze.sample");
        return configured == null ? null : Path.of(configured);
    }

    /** Runs the command line and returns its exit status. */
    public static int run(String... args) {
        return UnfreezeCommand.commandLine().execute(args);
    }

    /** Runs the command line with its output going to the given writers (for embedding and tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        configureEngine();
        CommandLine cli = UnfreezeCommand.commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /**
     * DJL must never reach the network on its own (it would fetch metadata and native libraries),
     * and its native-library cache belongs in a per-user folder, not in a possibly read-only
     * installation.
     */
    static void configureEngine() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", userCache().resolve("djl").toString());
        }
    }

    static Path userCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") && System.getenv("LOCALAPPDATA") != null) {
            return Path.of(System.getenv("LOCALAPPDATA"), "Unfreeze", "cache");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Caches/Unfreeze");
        }
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("unfreeze");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
