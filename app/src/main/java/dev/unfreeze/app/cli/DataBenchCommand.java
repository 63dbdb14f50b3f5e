package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.engine.DataBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench data}: the input pipeline's throughput. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Measure the input pipeline on all cores, in images/s.",
            "decode-augment: generated 640x480 JPEGs to augmented 224x224 tensors; cached-epoch: the same from the "
                + "decoded cache; decode-camera: generated 12-megapixel JPEGs to 224x224 tensors. --peer also runs "
                + "bench/decode_peer.py (Pillow decoding at a reduced size, one process per core) on the same camera "
                + "files."})
final class DataBenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--images", defaultValue = "1000", description = "Generated 640x480 images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--camera-images", defaultValue = "64",
            description = "Generated 12-megapixel images for decode-camera (default: ${DEFAULT-VALUE}).")
    int cameraImages;

    @Option(names = "--figures", split = ",", defaultValue = "decode-augment,cached-epoch,decode-camera",
            description = "Which figures to measure (default: ${DEFAULT-VALUE}).")
    List<String> figures;

    @Option(names = "--peer", arity = "0..1", fallbackValue = "/usr/bin/python3", paramLabel = "PYTHON",
            description = "Also measure decode-camera's peer with this Python (default when given without a value: "
                    + "/usr/bin/python3, Debian's python3-pil and python3-numpy).")
    String peer;

    @Option(names = "--rounds", defaultValue = "1", description = "With --peer: measure decode-camera and its peer this "
            + "many times, alternating, and print the median of each and of the round-by-round ratios (default: "
            + "${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public void run() {
        for (String figure : figures) {
            if (!List.of("decode-augment", "cached-epoch", "decode-camera").contains(figure)) {
                throw new UnfreezeException("unknown figure '" + figure + "' (known: decode-augment, cached-epoch, decode-camera)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Path folder = Output.workspace().cache().resolve("bench-data-" + ProcessHandle.current().pid());
        try {
            Map<String, Double> measured = new LinkedHashMap<>();
            DataBenchmark bench = new DataBenchmark();
            if (figures.contains("decode-augment") || figures.contains("cached-epoch")) {
                DataBenchmark.Result result = bench.measure(DataBenchmark.generate(folder.resolve("small"), images));
                measured.put("decode-augment", result.decodeAugment());
                measured.put("cached-epoch", result.cachedEpoch());
            }
            Path camera = folder.resolve("camera");
            List<Sample> samples = List.of();
            if (figures.contains("decode-camera")) {
                out.printf(Locale.ROOT, "(writing %d camera-size photographs)%n", cameraImages);
                out.flush();
                samples = DataBenchmark.generateCamera(camera, cameraImages);
                measured.put("decode-camera", bench.decodeCamera(samples));
            }
            measured.keySet().retainAll(figures);
            measured.forEach((figure, value) -> out.printf(Locale.ROOT, "%s %.1f%n", figure, value));
            if (peer != null && measured.containsKey("decode-camera")) {
                int count = Math.max(1, rounds);
                double[] ours = new double[count];
                double[] theirs = new double[count];
                for (int round = 0; round < count; round++) {
                    ours[round] = round == 0 ? measured.get("decode-camera") : bench.decodeCamera(samples);
                    theirs[round] = new PeerScript(peer, "decode_peer.py", PeerScript.Allocator.HUGE_PAGES).measure(
                            List.of(camera.toString(), "--size", "224"), List.of("decode-camera")).get("decode-camera");
                    out.printf(Locale.ROOT, "%sdecode-camera %.1f, peer %.1f%n", round > 0 ? "round " + (round + 1) + " " : "",
                            ours[round], theirs[round]);
                    out.flush();
                }
                out.println(Rounds.header(count));
                out.println(Rounds.row("decode-camera", ours, theirs));
            }
            out.flush();
        } catch (IOException e) {
            throw new UnfreezeException("cannot write the benchmark images to " + folder + ": " + e.getMessage(), e);
        } finally {
            Output.deleteScratch(folder);
        }
    }
}
