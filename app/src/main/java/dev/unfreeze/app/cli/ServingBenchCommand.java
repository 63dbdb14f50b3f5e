package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.data.Split;
import dev.unfreeze.training.engine.ConfusionMatrix;
import dev.unfreeze.training.engine.DataBenchmark;
import dev.unfreeze.training.engine.InProcessTrainingService;
import dev.unfreeze.training.export.ExportedModel;
import dev.unfreeze.training.export.ModelExporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench serve predict|evaluate}: images per second through an exported model, from JPEG file
 * to classes (decoding included, all cores, batched), as {@code unfreeze predict} and
 * {@code unfreeze evaluate} run them.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Measure prediction and evaluation throughput through an exported model: generated 640x480 "
                + "JPEGs, decoded on all cores and scored in batches. Prints: predict and evaluate (images/s).",
            "Without --model it first adapts the bundled MobileNetV2 to a few of the images (a linear probe) and "
                + "exports it."})
final class ServingBenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FIGURE", description = "predict, evaluate (default: both).")
    List<String> figures;
    @Option(names = "--images", defaultValue = "1000", description = "Generated images (default: ${DEFAULT-VALUE}).")
    int images;
    @Option(names = "--model", paramLabel = "EXPORT_DIR", description = "An exported model to measure instead.")
    Path model;

    @Override
    public void run() {
        List<String> wanted = figures == null || figures.isEmpty() ? List.of("predict", "evaluate") : figures;
        PrintWriter out = spec.commandLine().getOut();
        Path folder = Output.workspace().cache().resolve("bench-serve-" + ProcessHandle.current().pid());
        try {
            List<Sample> samples = DataBenchmark.generate(folder.resolve("images"), images);
            Path exported = model != null ? model : adaptAndExport(samples, folder);
            List<Path> files = samples.stream().map(Sample::file).toList();
            try (ExportedModel loaded = ExportedModel.load(exported)) {
                loaded.classifyAll(files.subList(0, Math.min(16, files.size()))); // warm-up: the first batches compile
                for (String figure : wanted) {
                    long start = System.nanoTime();
                    if (figure.equals("predict")) {
                        loaded.classifyAll(files);
                    } else if (figure.equals("evaluate")) {
                        evaluate(loaded, labelled(samples, folder.resolve("labelled")));
                    } else {
                        throw new UnfreezeException("unknown figure '" + figure
                                + "' (known: predict, evaluate)");
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    out.printf(Locale.ROOT, "%s %.1f%n", figure, files.size() / seconds);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UnfreezeException("cannot write the benchmark's files to " + folder + ": "
                    + e.getMessage(), e);
        } finally {
            Output.deleteScratch(folder);
        }
    }

    /** The images in class folders (links, not copies), as a labelled test set is given to {@code evaluate}. */
    private static Path labelled(List<Sample> samples, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            for (Sample s : samples) {
                Path target = root.resolve("class" + s.label()).resolve(s.file().getFileName());
                Files.createDirectories(target.getParent());
                try {
                    Files.createLink(target, s.file());
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(s.file(), target);
                }
            }
        }
        return root;
    }

    /** What {@code unfreeze evaluate} does: read the labelled set, classify it, count. */
    private static void evaluate(ExportedModel model, Path data) {
        DatasetInspector.Inspection dataset = Datasets.inspect(
                data.toString(), null, Output.workspace().cache(), p -> { });
        List<Sample> samples = dataset.samples(Split.values());
        List<ExportedModel.Outcome> outcomes = model.classifyAll(samples.stream().map(Sample::file).toList());
        ConfusionMatrix matrix = new ConfusionMatrix(model.classes());
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).result() != null) {
                matrix.add(samples.get(i).label() % model.classes().size(),
                        model.classes().indexOf(outcomes.get(i).result().best().getClassName()));
            }
        }
        matrix.perClass();
    }

    /** A linear probe of the bundled MobileNetV2 on 50 of the images, exported: a realistic model to serve. */
    private static Path adaptAndExport(List<Sample> samples, Path folder) throws IOException {
        Path data = folder.resolve("train");
        for (Sample s : samples.subList(0, Math.min(50, samples.size()))) {
            Path target = data.resolve("class" + s.label()).resolve(s.file().getFileName());
            Files.createDirectories(target.getParent());
            Files.copy(s.file(), target);
        }
        Recipe recipe = Recipe.builder().setModel("mobilenet_v2")
                .setData(new Recipe.Data(data.toString(), null, 0, 0, null))
                .optSchedule(new Schedule.FeatureExtraction()).optEpochs(1).build();
        ModelCatalog catalog = new ModelCatalog(Output.workspace());
        Path run = folder.resolve("run");
        TrainingEvent last = new InProcessTrainingService(catalog).start(recipe, run).completion().join();
        if (!(last instanceof TrainingEvent.Finished)) {
            throw new UnfreezeException("could not adapt a model to serve: " + last);
        }
        return new ModelExporter(catalog).export(run, folder.resolve("model"));
    }
}
