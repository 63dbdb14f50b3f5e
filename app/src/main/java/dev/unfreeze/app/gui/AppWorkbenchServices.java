package dev.unfreeze.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.app.worker.EventLogFollower;
import dev.unfreeze.app.worker.JavaCommand;
import dev.unfreeze.training.api.Choice;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.Explanation;
import dev.unfreeze.training.api.ExplanationMethod;
import dev.unfreeze.training.api.ExportFormat;
import dev.unfreeze.training.api.ExportedFile;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.PastRun;
import dev.unfreeze.training.api.Prediction;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.Throughput;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.api.WorkbenchServices;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelListing;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.ImageFiles;
import dev.unfreeze.training.data.Thumbnails;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

/**
 * The workbench's services. Listing models and reading dataset folders touch files only; anything
 * that loads a network (inspecting layers, exporting) runs {@code unfreeze} as a helper process,
 * so the window's process never loads the native engine.
 */
public final class AppWorkbenchServices implements WorkbenchServices {
    private static final ObjectMapper JSON = Json.mapper();

    private final Workspace workspace;
    private final Thumbnails thumbnails;
    private final EngineUnpacking unpacking = EngineUnpacking.forThisEngine();
    private final HelperProcess helpers;

    public AppWorkbenchServices(Workspace workspace, List<String> helperCommand) {
        this.workspace = workspace;
        this.thumbnails = new Thumbnails(workspace.cache().resolve("thumbnails"), 96);
        this.helpers = new HelperProcess(helperCommand);
    }

    /** Helpers run on this JVM's runtime and class path. */
    public static List<String> thisJvm() {
        return JavaCommand.current(List.of("-Xmx2g"));
    }

    @Override
    public List<ModelInfo> models() {
        return new ModelListing(workspace).list();
    }

    @Override
    public ModelInfo importModel(Path torchScriptFile) {
        try {
            return JSON.readValue(helper("import", torchScriptFile.toString(), "--json"), ModelInfo.class);
        } catch (IOException e) {
            throw new UnfreezeException("the import returned something unreadable: " + e.getMessage(), e);
        }
    }

    /** In a helper process, which reports the download's progress on its error stream. */
    @Override
    public ModelInfo importModelFromUrl(String url, DoubleConsumer progress) {
        try {
            return JSON.readValue(helper(line -> {
                if (line.startsWith("progress ")) {
                    progress.accept(Double.parseDouble(line.substring("progress ".length()).trim()));
                }
            }, "import", url, "--json", "--progress"), ModelInfo.class);
        } catch (IOException e) {
            throw new UnfreezeException("the import returned something unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelLayout inspect(String model, int classes) {
        String json = helper("inspect", model, "--classes", String.valueOf(classes), "--json");
        try {
            return JSON.readValue(json, ModelLayout.class);
        } catch (IOException e) {
            throw new UnfreezeException("the model inspection returned something unreadable: " + e.getMessage(), e);
        }
    }

    /** Read here, not in a helper: inspection decodes with ImageIO only and never loads the engine. */
    @Override
    public DatasetReport inspectDataset(List<Path> dropped, DoubleConsumer progress) {
        return DatasetInspector.inspect(Datasets.layout(dropped, null, workspace.cache()), progress, workspace.cache()).report();
    }

    /** Measured once per model in a helper process (a short benchmark), then read from the workspace. */
    @Override
    public Throughput throughput(String model) {
        Path cached = workspace.cache().resolve("throughput").resolve(model.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        try {
            if (Files.isRegularFile(cached)) {
                return JSON.readValue(cached.toFile(), Throughput.class);
            }
            var figures = JSON.readTree(helper("bench", "--model", model, "--figures", "frozen,full", "--steps", "2",
                    "--batch-size", "16", "--json"));
            Throughput measured = new Throughput(model, figures.get("frozen").asDouble(), figures.get("full").asDouble());
            Files.createDirectories(cached.getParent());
            JSON.writeValue(cached.toFile(), measured);
            return measured;
        } catch (IOException e) {
            throw new UnfreezeException("cannot measure the training speed of " + model + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Path thumbnail(Path image) {
        try {
            return thumbnails.of(image);
        } catch (IOException | ImageFiles.Unusable e) {
            return null;
        }
    }

    @Override
    public Path export(Path runDirectory, Path target, ExportFormat format, boolean half) {
        List<String> args = new ArrayList<>(List.of("export", "--run", runDirectory.toString(), "--out",
                target.toString(), "--format", format.word()));
        if (half) {
            args.add("--half");
        }
        helper(args.toArray(String[]::new));
        return target;
    }

    @Override
    public List<PastRun> pastRuns() {
        return RunSummary.list(workspace.runs()).stream()
                .map(RunSummary::toPastRun).toList();
    }

    @Override
    public Flow.Publisher<TrainingEvent> follow(Path runDirectory) {
        return EventLogFollower.follow(runDirectory, Duration.ofMillis(250));
    }

    /** The run's exported DJL folder, or a preview export made once for predictions. */
    private Path previewModel(Path runDirectory) {
        Path model = runDirectory.resolve("export");
        if (!Files.isRegularFile(model.resolve("serving.properties"))) {
            model = runDirectory.resolve("preview-model");
            if (!Files.isRegularFile(model.resolve("serving.properties"))) {
                helper("export", "--run", runDirectory.toString(), "--out", model.toString());
            }
        }
        return model;
    }

    @Override
    public Explanation explain(Path runDirectory, Path image, String className) {
        Path model = previewModel(runDirectory);
        try {
            Path out = Files.createDirectories(workspace.cache().resolve("explained"))
                    .resolve(Long.toHexString(System.nanoTime()));
            List<String> command = new ArrayList<>(List.of("predict", "--model", model.toString(), "--top", "1",
                    "--explain", out.toString()));
            if (className != null) {
                command.addAll(List.of("--explain-class", className));
            }
            command.add("--json");
            command.add(image.toString());
            JsonNode explained = JSON.readTree(helper(command.toArray(String[]::new)))
                    .get(0).get("explained");
            List<String> classes = Files.readAllLines(model.resolve("synset.txt")).stream().filter(c -> !c.isBlank()).toList();
            return new Explanation(explained.get("class").asText(),
                    explained.get("probability").asDouble(), Choice.parse(
                            ExplanationMethod.class, explained.get("method").asText(), "method"),
                    classes, Path.of(explained.get("overlay").asText()), Path.of(explained.get("heat").asText()));
        } catch (IOException | RuntimeException e) {
            throw new UnfreezeException("cannot explain " + image.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Path> augmentationPreview(String model, int imageSize, Recipe.Augmentation settings,
            List<Path> images, long seed) {
        try {
            // one folder, emptied each time: the window reads the pictures as soon as they are written
            Path out = Files.createDirectories(workspace.cache().resolve("augmented"));
            try (Stream<Path> old = Files.list(out)) {
                for (Path file : old.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            List<String> args = new ArrayList<>(List.of("data", "augment", "--json", "--model", model, "--image-size",
                    String.valueOf(imageSize), "--out", out.toString(), "--copies", "1", "--seed", String.valueOf(seed),
                    settings.flip() ? "--flip" : "--no-flip", settings.randomCrop() ? "--random-crop" : "--no-random-crop",
                    "--rotation", String.valueOf(settings.rotation()), "--color-jitter", String.valueOf(settings.colorJitter())));
            images.forEach(i -> args.add(i.toString()));
            List<Path> pictures = new ArrayList<>();
            for (JsonNode result : JSON.readTree(helperAllowingFailures(args))) {
                JsonNode written = result.get("pictures");
                pictures.add(written == null || written.isEmpty() ? null : Path.of(written.get(0).asText()));
            }
            return pictures;
        } catch (IOException e) {
            throw new UnfreezeException("cannot show the augmentation: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Double> statisticsShift(String model, String datasetLocation) {
        try {
            JsonNode groups = JSON.readTree(helperAllowingFailures(List.of("data", "inspect",
                    "--model", model, "--json", datasetLocation))).path("statisticsShift").path("groups");
            List<Double> shift = new ArrayList<>();
            groups.forEach(g -> shift.add(g.path("shift").isNumber() ? g.path("shift").asDouble() : Double.NaN));
            return shift;
        } catch (IOException e) {
            throw new UnfreezeException("cannot compare the images with the model's statistics: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Prediction> predict(Path runDirectory, Path image) {
        Path model = previewModel(runDirectory);
        String json = helper("predict", "--model", model.toString(), "--top", "5", "--json", image.toString());
        try {
            List<Prediction> result = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(json).get(0).get("top")) {
                result.add(new Prediction(entry.get("class").asText(),
                        entry.get("probability").asDouble()));
            }
            return result;
        } catch (IOException | RuntimeException e) {
            throw new UnfreezeException("the prediction returned something unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ValidationPrediction> validationPredictions(Path runDirectory) {
        return new RunFolder(runDirectory).predictions();
    }

    @Override
    public String modelCard(Path exportedModel) {
        try {
            return Files.readString(exportedModel.resolve("MODEL_CARD.md"));
        } catch (IOException e) {
            throw new UnfreezeException("cannot read the model card in " + exportedModel + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ExportedFile> exportedFiles(Path exportedModel) {
        try {
            JsonNode files = Json.mapper().readTree(
                    exportedModel.resolve("model-card.json").toFile()).get("files");
            List<ExportedFile> listed = new ArrayList<>();
            for (var it = files.fields(); it.hasNext(); ) {
                var file = it.next();
                listed.add(new ExportedFile(file.getKey(), Files.size(exportedModel.resolve(file.getKey())),
                        file.getValue().asText()));
            }
            listed.add(new ExportedFile("MODEL_CARD.md", Files.size(exportedModel.resolve("MODEL_CARD.md")),
                    "what the model is, how it was trained, and how to load it"));
            return listed;
        } catch (IOException e) {
            throw new UnfreezeException("cannot list the export in " + exportedModel + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean engineNeedsUnpacking() {
        Path cache = EngineCacheFolder.pytorch();
        try (Stream<Path> files = Files.walk(cache)) {
            return files.noneMatch(f -> f.getFileName().toString().startsWith("libtorch_cpu")
                    || f.getFileName().toString().startsWith("torch_cpu"));
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public double engineUnpackProgress() {
        return engineNeedsUnpacking() ? unpacking.progress() : 1.0;
    }

    @Override
    public String engineSummary() {
        try {
            JsonNode facts = JSON.readTree(helper("engine", "--json"));
            int gpus = facts.path("gpus").asInt();
            return "PyTorch " + facts.path("pytorch").asText() + ", " + facts.path("flavour").asText().toUpperCase(Locale.ROOT)
                    + " build, " + (gpus == 0 ? "no GPU" : gpus + " GPU" + (gpus > 1 ? "s" : ""));
        } catch (IOException e) {
            throw new UnfreezeException("the engine check returned something unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public Path runsFolder() {
        return workspace.runs();
    }

    /** In a helper process: {@code unfreeze lr-find --json}, its curve files kept in the workspace cache. */
    @Override
    public RateCurve findRate(Recipe recipe) {
        String schedule = (recipe.thawEpochs() != null ? new Schedule.Full() : recipe.schedule()).text();
        try {
            return JSON.readValue(helper("lr-find", "--model", recipe.model(), "--data", recipe.data().train(), "--schedule",
                    schedule, "--batch-size", String.valueOf(recipe.batchSize()), "--steps", "60", "--json", "--out",
                    workspace.cache().resolve("lr-find").toString()), RateCurve.class);
        } catch (IOException e) {
            throw new UnfreezeException("the range test's answer could not be read: " + e.getMessage(), e);
        }
    }

    private String helper(String... args) {
        return helpers.run(args);
    }

    /** Runs a helper process; each line it writes to its error stream also goes to {@code errLines}. */
    private String helper(Consumer<String> errLines, String... args) {
        return helpers.run(errLines, false, args);
    }

    /** Runs a helper command whose exit status 1 means some of its inputs failed, each reported in its JSON output. */
    private String helperAllowingFailures(List<String> args) {
        return helpers.run(line -> { }, true, args.toArray(String[]::new));
    }
}
