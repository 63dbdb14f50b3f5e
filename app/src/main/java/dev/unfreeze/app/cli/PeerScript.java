package dev.unfreeze.app.cli;

import dev.unfreeze.app.worker.EngineEnvironment;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a benchmark's peer, a plain Python script in the source checkout's {@code bench/} folder
 * ({@code speed_peer.py}: the tuned PyTorch loop on the same backbone file; {@code decode_peer.py}:
 * Pillow's reduced-size JPEG decoding), so that {@code --peer} puts both figures side by side from the
 * same minute of the same machine (a noisy virtual machine changes from one hour to the next; a ratio
 * does not).
 */
final class PeerScript {
    /** How the peer's process allocates memory. */
    enum Allocator {
        /**
         * The peer as the speed goal defines it: tuned as an expert would tune a PyTorch loop on a CPU,
         * glibc's transparent huge pages and nothing more.
         */
        HUGE_PAGES,
        /** The same allocator settings as Unfreeze's engine processes ({@link EngineEnvironment}). */
        ENGINE;

        void apply(Map<String, String> environment) {
            environment.remove("GLIBC_TUNABLES");
            environment.remove("THP_MEM_ALLOC_ENABLE");
            // PyTorch 1.13's own oneDNN computes batches right with its AVX-512 kernels: the peer runs uncapped
            environment.remove("DNNL_MAX_CPU_ISA");
            if (this == HUGE_PAGES) {
                environment.put("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
            } else {
                EngineEnvironment.apply(environment);
            }
        }
    }

    private final String python;
    private final String name;
    private final Allocator allocator;

    /**
     * @param python the Python to run it with
     * @param name the script's file name in {@code bench/}
     * @param allocator how its process allocates memory
     */
    PeerScript(String python, String name, Allocator allocator) {
        this.python = python;
        this.name = name;
        this.allocator = allocator;
    }

    /** {@code speed_peer.py}'s training figures: images per second for each. */
    static Map<String, Double> speed(String python, Allocator allocator, List<String> figures, int batchSize, int steps,
            int threads) {
        List<String> arguments = new ArrayList<>(List.of("--figures", String.join(",", figures),
                "--batch-size", String.valueOf(batchSize), "--steps", String.valueOf(steps)));
        if (threads > 0) {
            arguments.addAll(List.of("--threads", String.valueOf(threads)));
        }
        return new PeerScript(python, "speed_peer.py", allocator).measure(arguments, figures);
    }

    /** Each figure's value, as the peer prints them ({@code <figure> <value>} lines). */
    Map<String, Double> measure(List<String> arguments, List<String> figures) {
        Path script = script();
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // not inherited: this process runs with the engine's settings, the peer with the ones asked for
        allocator.apply(builder.environment());
        Map<String, Double> figuresMeasured = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        try {
            Process process = builder.start();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length == 2 && figures.contains(parts[0])) {
                        figuresMeasured.put(parts[0], Double.parseDouble(parts[1]));
                    }
                }
            }
            int status = process.waitFor();
            if (status != 0 || figuresMeasured.size() != figures.size()) {
                throw new UnfreezeException("the peer " + name + " failed (exit status " + status + "): "
                        + String.join(" / ", output.subList(Math.max(0, output.size() - 3), output.size()))
                        + ". It needs Debian's python3-torch, python3-pil and python3-numpy.");
            }
            return figuresMeasured;
        } catch (IOException e) {
            throw new UnfreezeException("cannot run the peer " + name + " with " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnfreezeException("interrupted while the peer " + name + " ran", e);
        }
    }

    /** The peer script of the source checkout this runs from (the installed application has none). */
    private Path script() {
        String source = System.getProperty("unfreeze.source");
        for (Path dir = Path.of(source != null ? source : "").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bench").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new UnfreezeException("the peer (bench/" + name + ") is part of the source checkout; run "
                + "'./unfreeze bench ... --peer' from one");
    }
}
