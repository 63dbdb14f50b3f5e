package dev.unfreeze.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.Workspace;
import java.io.PrintWriter;

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
    static void deleteScratch(java.nio.file.Path folder) {
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // nothing was written
        }
    }
}
