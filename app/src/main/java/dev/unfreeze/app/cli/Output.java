package dev.unfreeze.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Shared helpers of the commands: JSON output and the workspace. */
final class Output {


    private Output() {}

    static void json(PrintWriter out, Object value) {
        try {
            out.println(Json.indented().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Workspace workspace() {
        return Workspace.fromEnvironment();
    }

    /** Removes a benchmark's scratch folder and everything in it; nothing to do when it was never made. */
    static void deleteScratch(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // nothing was written
        }
    }
}
