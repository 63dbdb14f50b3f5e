package dev.unfreeze.app.gui;

import dev.unfreeze.app.worker.EngineEnvironment;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@code unfreeze <command>} in a process of its own and returns what it printed: how the window does
 * anything that loads the native engine without loading it itself. A failure comes back as the helper's own
 * {@code unfreeze: ...} sentence; an interrupted caller (a task cancelled in the window) stops the helper.
 */
final class HelperProcess {
    /** Longer than any helper's work (an export, a rate finder, a short benchmark). */
    private static final long LIMIT_MINUTES = 10;

    private final List<String> command;

    /** @param command the command line that starts {@code unfreeze} (the JVM, its class path, the main class) */
    HelperProcess(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** Runs a command and returns its standard output; a non-zero exit status is an {@link UnfreezeException}. */
    String run(String... args) {
        return run(line -> { }, false, args);
    }

    /**
     * Runs a command.
     *
     * @param errLines receives each line the helper writes to its error stream (progress, say)
     * @param partialFailures whether exit status 1 with output means some inputs failed, each reported in the output
     */
    String run(Consumer<String> errLines, boolean partialFailures, String... args) {
        List<String> line = new ArrayList<>(command);
        line.addAll(List.of(args));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(line);
            EngineEnvironment.apply(builder.environment());
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UnfreezeException("cannot start a helper process: " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readLines(process, errLines));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                stop(process);
                throw new UnfreezeException("'" + args[0] + "' took more than ten minutes and was stopped");
            }
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new CancellationException("'" + args[0] + "' was cancelled");
        }
        String printed = out.join();
        byte[] complaints = err.join();
        int status = process.exitValue();
        if (status != 0 && !(partialFailures && status == 1 && !printed.isBlank())) {
            String message = new String(complaints, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("unfreeze: "))
                    .map(l -> l.substring("unfreeze: ".length())).findFirst()
                    .orElse("'" + args[0] + "' failed with exit status " + status);
            throw new UnfreezeException(message);
        }
        return printed;
    }

    /** The error stream, line by line to {@code errLines}, and all of it; what was read before a failure is kept. */
    private static byte[] readLines(Process process, Consumer<String> errLines) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                all.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                errLines.accept(line);
            }
        } catch (IOException | RuntimeException e) {
            // what was read so far is kept
        }
        return all.toByteArray();
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
