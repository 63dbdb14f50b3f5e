package dev.unfreeze.app.cli;

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
 * Runs {@code bench/speed_peer.py}, the tuned plain PyTorch loop on the same backbone file, so that
 * {@code unfreeze bench --peer} puts both figures side by side from the same minute of the same
 * machine (a noisy virtual machine changes from one hour to the next; a ratio does not).
 */
final class SpeedPeer {
    private final String python;

    SpeedPeer(String python) {
        this.python = python;
    }

    /** Images per second for each figure, as the peer prints them ({@code <figure> <value>} lines). */
    Map<String, Double> measure(List<String> figures, int batchSize, int steps, int threads) {
        Path script = script();
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--figures", String.join(",", figures),
                "--batch-size", String.valueOf(batchSize), "--steps", String.valueOf(steps)));
        if (threads > 0) {
            command.addAll(List.of("--threads", String.valueOf(threads)));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the peer is tuned as an expert would tune it: huge pages, as Unfreeze's own processes get them
        builder.environment().putIfAbsent("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
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
                throw new UnfreezeException("the PyTorch peer failed (exit status " + status + "): "
                        + String.join(" / ", output.subList(Math.max(0, output.size() - 3), output.size()))
                        + ". It needs Python with torch (Debian: apt install python3-torch).");
            }
            return figuresMeasured;
        } catch (IOException e) {
            throw new UnfreezeException("cannot run the PyTorch peer with " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnfreezeException("interrupted while the PyTorch peer ran", e);
        }
    }

    /** The peer script of the source checkout this runs from (the installed application has none). */
    private static Path script() {
        String source = System.getProperty("unfreeze.source");
        for (Path dir = Path.of(source != null ? source : "").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bench").resolve("speed_peer.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new UnfreezeException("the PyTorch peer (bench/speed_peer.py) is part of the source checkout; run "
                + "'./unfreeze bench --peer' from one");
    }
}
