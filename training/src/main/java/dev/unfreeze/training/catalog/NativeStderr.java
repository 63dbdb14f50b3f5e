package dev.unfreeze.training.catalog;

import ai.djl.ndarray.NDManager;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.FloatBuffer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's own noise off the user's terminal: libtorch prints "AutoNonVariableTypeMode is
 * deprecated ..." from C++ the first time a process copies data into a tensor (DJL's {@code NDArray.set},
 * which loading any model does), past Java's streams and past every log setting. {@link #quietEngine()}
 * spends that once-per-process warning with native standard error sent to /dev/null, before a command
 * prints anything. Where the C library cannot be reached (Windows), it simply runs.
 */
public final class NativeStderr {
    private static final Logger LOG = LoggerFactory.getLogger(NativeStderr.class);
    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;

    private NativeStderr() {}

    /** The few C calls needed to point descriptor 2 elsewhere and back. */
    private interface C extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private static final class Loaded {
        static final C LIBRARY = load();

        private static C load() {
            if (Platform.isWindows()) {
                return null;
            }
            try {
                return Native.load("c", C.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                LOG.debug("the C library is not reachable; native noise is not silenced", e);
                return null;
            }
        }
    }

    /** Loading this class spends the warning: once per process, other threads waiting until it is done. */
    private static final class Spent {
        static {
            silenced(() -> {
                try (NDManager manager = NDManager.newBaseManager()) {
                    manager.create(new float[1]).set(FloatBuffer.wrap(new float[1]));
                }
                return null;
            });
        }

        private Spent() {}

        static void load() {
            // the static initialiser above has run by the time this returns
        }
    }

    /** Spends libtorch's once-per-process warnings unseen (the first call does; later calls return at once). */
    public static void quietEngine() {
        Spent.load();
    }

    /**
     * Runs {@code work} with native standard error silenced (Java's {@code System.err} included, meanwhile): for
     * engine calls that print libtorch's per-thread notes ("Could not initialize NNPACK!") on machines without it.
     */
    public static <T> T silenced(Supplier<T> work) {
        C c = Loaded.LIBRARY;
        int saved = -1;
        int devNull = -1;
        if (c != null) {
            System.err.flush();
            saved = c.dup(STDERR);
            devNull = c.open("/dev/null", O_WRONLY);
            if (saved < 0 || devNull < 0 || c.dup2(devNull, STDERR) < 0) {
                closeQuietly(c, devNull);
                closeQuietly(c, saved);
                saved = -1;
            }
        }
        try {
            return work.get();
        } finally {
            if (c != null && saved >= 0) {
                System.err.flush();
                c.dup2(saved, STDERR);
                closeQuietly(c, saved);
                closeQuietly(c, devNull);
            }
        }
    }

    private static void closeQuietly(C c, int fd) {
        if (fd >= 0) {
            c.close(fd);
        }
    }
}
