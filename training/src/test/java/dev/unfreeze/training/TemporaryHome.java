package dev.unfreeze.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A workspace of its own for one test class: a new folder that {@code unfreeze.home} names while the class runs, put
 * back and deleted afterwards. Register it as {@code @RegisterExtension static final TemporaryHome HOME}.
 */
public final class TemporaryHome implements BeforeAllCallback, AfterAllCallback {
    private final TestProperty property = new TestProperty("unfreeze.home");
    private Path path;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        path = Files.createTempDirectory("unfreeze-home");
        property.set(path.toString());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        property.restore();
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The workspace folder (set before the class's first test). */
    public Path path() {
        return path;
    }
}
