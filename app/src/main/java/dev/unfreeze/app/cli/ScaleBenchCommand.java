package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.RecipeBuilder;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.engine.InProcessTrainingService;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench scale}: how a large dataset goes, in time and peak memory: reading it
 * ({@code data inspect}), a feature-extraction epoch and a fine-tuning epoch, in this process.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Measure a large dataset: generated 28x28 images in 10 class folders; prints seconds and peak "
                + "resident memory (MB) of reading it, of one feature-extraction epoch and of one fine-tuning epoch.",
            "Peak memory is the process's high-water mark, reset before each step (Linux)."})
final class ScaleBenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--images", defaultValue = "20000", description = "Generated images (default: ${DEFAULT-VALUE}).")
    int images;
    @Option(names = "--model", defaultValue = "mobilenet_v2")
    String model;
    @Option(names = "--steps", split = ",", defaultValue = "inspect,feature-extraction,fine-tune",
            description = "Which steps to measure (default: ${DEFAULT-VALUE}).")
    List<String> steps;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = Output.workspace().cache().resolve("bench-scale-" + ProcessHandle.current().pid());
        try {
            Path data = generate(folder.resolve("data"), images);
            out.printf(Locale.ROOT, "%-20s %10s %14s%n", "step (" + images + " images)", "seconds", "peak MB");
            for (String step : steps) {
                resetPeak();
                long start = System.nanoTime();
                switch (step) {
                    case "inspect" -> Datasets.inspect(data.toString(), null, Output.workspace().cache(), p -> { });
                    case "feature-extraction" -> train(data, folder.resolve("fe"), new Schedule.FeatureExtraction(),
                            new RecipeHead(RecipeHead.Type.MLP, 64, 0));
                    case "fine-tune" -> train(data, folder.resolve("ft"), new Schedule.Full(), null);
                    default -> throw new UnfreezeException("unknown step '" + step
                            + "' (known: inspect, feature-extraction, fine-tune)");
                }
                out.printf(Locale.ROOT, "%-20s %10.1f %14.0f%n", step, (System.nanoTime() - start) / 1e9, peakMegabytes());
                out.flush();
            }
        } catch (IOException e) {
            throw new UnfreezeException("cannot write the benchmark's files to " + folder + ": "
                    + e.getMessage(), e);
        } finally {
            Output.deleteScratch(folder);
        }
    }

    /** One epoch of a run on the data, in this process (as {@code train --in-process}). */
    private void train(Path data, Path run, Schedule schedule, RecipeHead head) {
        RecipeBuilder recipe = Recipe.builder().setModel(model).setData(data.toString()).optSchedule(schedule)
                .optEpochs(1).optAugmentation(Recipe.Augmentation.NONE).optBatchNorm(Recipe.BatchNorm.FROZEN_STATS);
        if (head != null) {
            recipe.optHead(head);
        }
        TrainingEvent last = new InProcessTrainingService(new ModelCatalog(Output.workspace())).start(recipe.build(), run)
                .completion().join();
        if (!(last instanceof TrainingEvent.Finished)) {
            throw new UnfreezeException("the " + schedule + " epoch did not finish: " + last);
        }
    }

    /** Fashion-MNIST-sized greyscale pictures (noise on a class-dependent pattern), 10 classes. */
    private static Path generate(Path root, int count) throws IOException {
        for (int c = 0; c < 10; c++) {
            Files.createDirectories(root.resolve("class" + c));
        }
        IntStream.range(0, count).parallel().forEach(i -> {
            Random random = new Random(i);
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            int c = i % 10;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = ((x * (c + 1) + y * (10 - c)) % 28) * 9 + random.nextInt(20);
                    image.getRaster().setSample(x, y, 0, Math.min(255, v));
                }
            }
            try {
                ImageIO.write(image, "png", root.resolve("class" + c).resolve(String.format("img-%06d.png", i)).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return root;
    }

    private static void resetPeak() {
        System.gc();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux: the peak is then the process's since it started
        }
    }

    private static double peakMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
