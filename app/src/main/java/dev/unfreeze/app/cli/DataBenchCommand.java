package dev.unfreeze.app.cli;

import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.engine.DataBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench data}: the input pipeline's throughput. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Measure the input pipeline on generated 640x480 JPEGs turned into augmented 224x224 tensors",
            "on all cores. Prints: decode-augment and cached-epoch (images/s)."})
final class DataBenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--images", defaultValue = "1000", description = "Generated images (default: ${DEFAULT-VALUE}).")
    int images;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = Output.workspace().cache().resolve("bench-data-" + ProcessHandle.current().pid());
        try {
            List<Sample> samples = DataBenchmark.generate(folder, images);
            DataBenchmark.Result result = new DataBenchmark().measure(samples);
            out.printf(Locale.ROOT, "decode-augment %.1f%n", result.decodeAugment());
            out.printf(Locale.ROOT, "cached-epoch %.1f%n", result.cachedEpoch());
            out.flush();
        } catch (IOException e) {
            throw new dev.unfreeze.training.api.UnfreezeException("cannot write the benchmark images to " + folder + ": "
                    + e.getMessage(), e);
        } finally {
            Output.deleteScratch(folder);
        }
    }
}
