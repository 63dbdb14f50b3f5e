package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file its owner locked is reported as "permission denied" and the rest of the dataset imports. The
 * superuser reads every file, so when the tests run as root (as CI does) the dataset is read in a child
 * process of the unprivileged user {@code nobody} (util-linux's {@code setpriv}), with a copy of the class
 * path that user can read.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX permissions, setpriv")
class LockedFileTest {
    @TempDir
    Path dir;

    @Test
    void aLockedFileIsReportedAndTheRestImports() throws Exception {
        Path root = dir.resolve("corpus");
        for (int i = 0; i < 3; i++) {
            TestImages.png(root.resolve("good/" + i + ".png"), 16, 16, i);
            TestImages.png(root.resolve("other/" + i + ".png"), 16, 16, 10 + i);
        }
        Path locked = TestImages.png(root.resolve("good/locked.png"), 16, 16, 77);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        String described = Files.isReadable(locked) ? asNobody(root) : LockedFileProbe.describe(root, dir.resolve("cache"));

        assertThat(described).contains("good/locked.png: cannot be read: permission denied");
        assertThat(described).contains("class good: 3\n").contains("class other: 3\n");
    }

    /** Runs the probe as {@code nobody}: the corpus and a copy of the class path readable by everyone. */
    private String asNobody(Path root) throws IOException, InterruptedException {
        Path classes = Files.createDirectories(dir.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source) || source.getFileName().toString().contains("pytorch-native")) {
                continue; // reading a dataset never loads the engine's native library (hundreds of MB)
            }
            Path copy = classes.resolve(n++ + "-" + source.getFileName());
            copyTree(source, copy);
            entries.add(copy.toString());
        }
        openToEveryone(dir);
        Path cache = dir.resolve("cache-nobody");
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                javaBinary.toString(), "-cp", String.join(java.io.File.pathSeparator, entries), LockedFileProbe.class.getName(),
                root.toString(), cache.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(source.relativize(file).toString()));
            }
        }
    }

    /** Every folder enterable and every file readable by all, but the locked file stays locked. */
    private static void openToEveryone(Path top) throws IOException {
        try (Stream<Path> files = Files.walk(top)) {
            for (Path file : files.toList()) {
                if (Files.isDirectory(file)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (!file.getFileName().toString().equals("locked.png")) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        for (Path up = top; up != null && !up.equals(up.getRoot()); up = up.getParent()) {
            if (Files.getOwner(up).getName().equals("root") && !Files.getPosixFilePermissions(up).contains(
                    java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE) && up.startsWith(System.getProperty("java.io.tmpdir"))) {
                Files.setPosixFilePermissions(up, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
