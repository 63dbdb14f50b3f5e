package dev.unfreeze.app.cli;

import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.engine.Devices;
import dev.unfreeze.training.engine.TrainingBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints throughput figures, one {@code <name> <value>} line each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure fine-tuning throughput on synthetic batches and the feature-cache speed-up.",
            "Prints: full, frozen, top-half (images/s) and cache-speedup (x).",
            "'bench data' measures the input pipeline instead."},
        subcommands = DataBenchCommand.class)
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "mobilenet_v2")
    String model;
    @Option(names = "--image-size", defaultValue = "224")
    int imageSize;
    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;
    @Option(names = "--steps", defaultValue = "3", description = "Timed steps per figure (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--cache-images", defaultValue = "1000")
    int cacheImages;
    @Option(names = "--threads", defaultValue = "0")
    int threads;

    @Override
    public void run() {
        Devices.setThreads(threads);
        ResolvedModel base = new ModelCatalog(Output.workspace()).resolve(model);
        TrainingBenchmark bench = new TrainingBenchmark(base, imageSize, batchSize);
        int groups = base.metadata().architecture().equals("small-cnn") ? 3 : 19;
        PrintWriter out = spec.commandLine().getOut();
        print(out, "full", bench.imagesPerSecond(-1, steps));
        print(out, "frozen", bench.imagesPerSecond(0, steps));
        print(out, "top-half", bench.imagesPerSecond(groups / 2, steps));
        print(out, "cache-speedup", bench.cacheSpeedup(cacheImages));
    }

    private static void print(PrintWriter out, String name, double value) {
        out.printf(Locale.ROOT, "%s %.2f%n", name, value);
        out.flush();
    }
}
