package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.engine.Devices;
import dev.unfreeze.training.engine.TrainingBenchmark;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints throughput figures, one {@code <name> <value>} line each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure fine-tuning throughput on synthetic batches and the feature-cache speed-up.",
            "Prints: full, frozen, top-half, bitfit (images/s) and cache-speedup (x).",
            "'bench data' measures the input pipeline instead.",
            "--peer runs bench/speed_peer.py (a tuned plain PyTorch loop on the same backbone file) right after, in a "
                + "source checkout, and prints both with their ratio: this machine's noise cancels in the ratio."},
        subcommands = {DataBenchCommand.class, QualityBenchCommand.class, RegretBenchCommand.class, ServingBenchCommand.class,
            ScaleBenchCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "mobilenet_v2")
    String model;
    @Option(names = "--image-size", defaultValue = "0", description = "Input size; 0 (default) is the model's own.")
    int imageSize;
    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;
    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per figure, after a warm-up that lasts "
            + "until the steps stop getting faster; each figure is the median step's (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--cache-images", defaultValue = "1000")
    int cacheImages;
    @Option(names = "--threads", defaultValue = "0")
    int threads;
    @Option(names = "--figures", split = ",", defaultValue = "full,frozen,top-half,bitfit,cache-speedup",
            description = "Which figures to measure (default: ${DEFAULT-VALUE}).")
    List<String> figures;
    @Mixin
    JsonOption output;
    @Option(names = "--peer", arity = "0..1", fallbackValue = "/usr/bin/python3", paramLabel = "PYTHON",
            description = "Also measure the PyTorch peer with this Python (default when given without a value: "
                    + "/usr/bin/python3, Debian's python3-torch).")
    String peer;

    @Option(names = "--peer-allocator", defaultValue = "HUGE_PAGES", paramLabel = "HUGE_PAGES|ENGINE",
            description = "The peer's memory allocator: HUGE_PAGES (default: glibc's transparent huge pages, the tuned "
                    + "peer) or ENGINE (the same glibc and libtorch settings as Unfreeze's engine processes).")
    PeerScript.Allocator peerAllocator;

    @Option(names = "--rounds", defaultValue = "1", description = "With --peer: measure both this many times, "
            + "alternating, and print the median of each and of the round-by-round ratios (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public void run() {
        Devices.setThreads(threads);
        ResolvedModel base = new ModelCatalog(Output.workspace()).resolve(model);
        TrainingBenchmark bench = new TrainingBenchmark(base, imageSize > 0 ? imageSize : base.metadata().inputSize(),
                batchSize);
        int groups = base.metadata().architecture().equals("small-cnn") ? 3 : 19;
        PrintWriter out = spec.commandLine().getOut();
        List<String> peerFigures = figures.stream().filter(f -> !f.equals("cache-speedup")).toList();
        List<Map<String, Double>> ours = new ArrayList<>();
        List<Map<String, Double>> theirs = new ArrayList<>();
        for (int round = 0; round < Math.max(1, peer == null ? 1 : rounds); round++) {
            Map<String, Double> measured = new LinkedHashMap<>();
            for (String figure : round == 0 ? figures : peerFigures) {
                double value = switch (figure) {
                    case "full" -> batchSize / Rounds.median(bench.stepSeconds(-1, steps));
                    case "frozen" -> batchSize / Rounds.median(bench.stepSeconds(0, steps));
                    case "top-half" -> batchSize / Rounds.median(bench.stepSeconds(groups / 2, steps));
                    case "bitfit" -> batchSize
                            / Rounds.median(bench.stepSeconds(-1, steps, UnfreezeSchedule.Tuned.SCALES_AND_BIASES));
                    case "cache-speedup" -> bench.cacheSpeedup(cacheImages);
                    default -> throw new UnfreezeException("unknown figure '" + figure
                            + "' (known: full, frozen, top-half, bitfit, cache-speedup)");
                };
                measured.put(figure, value);
                if (!output.json) {
                    print(out, (round > 0 ? "round " + (round + 1) + " " : "") + figure, value);
                }
            }
            ours.add(measured);
            if (peer != null) {
                theirs.add(PeerScript.speed(peer, peerAllocator, peerFigures, batchSize, steps, threads));
                String prefix = (round > 0 ? "round " + (round + 1) + " " : "") + "peer ";
                if (!output.json) {
                    theirs.get(round).forEach((figure, value) -> print(out, prefix + figure, value));
                }
            }
        }
        if (output.json) {
            Map<String, Object> all = new LinkedHashMap<>(ours.get(0));
            if (peer != null) {
                all.put("peer", theirs.get(0));
                if (ours.size() > 1) {
                    all.put("rounds", ours);
                    all.put("peerRounds", theirs);
                }
            }
            Output.json(out, all);
        } else if (peer != null) {
            out.println(Rounds.header(ours.size()));
            for (String figure : peerFigures) {
                out.println(Rounds.row(figure, ours.stream().mapToDouble(m -> m.get(figure)).toArray(),
                        theirs.stream().mapToDouble(m -> m.get(figure)).toArray()));
            }
            out.flush();
        }
    }

    private static void print(PrintWriter out, String name, double value) {
        out.printf(Locale.ROOT, "%s %.2f%n", name, value);
        out.flush();
    }
}
