package dev.unfreeze.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.app.worker.EventLogFollower;
import dev.unfreeze.training.api.Choice;
import dev.unfreeze.training.api.Explanation;
import dev.unfreeze.training.api.ExplanationMethod;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.PastRun;
import dev.unfreeze.training.api.Prediction;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.api.RunServices;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/** The runs folder read as files; a run's model asked in helper processes (exported once for the preview). */
final class AppRunServices implements RunServices {
    private static final ObjectMapper JSON = Json.mapper();

    private final Workspace workspace;
    private final HelperProcess helpers;

    AppRunServices(Workspace workspace, HelperProcess helpers) {
        this.workspace = workspace;
        this.helpers = helpers;
    }

    @Override
    public Path runsFolder() {
        return workspace.runs();
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

    @Override
    public List<ValidationPrediction> validationPredictions(Path runDirectory) {
        return new RunFolder(runDirectory).predictions();
    }

    @Override
    public List<ValidationPrediction> testPredictions(Path runDirectory) {
        return new RunFolder(runDirectory).testPredictions();
    }

    /** The run's exported DJL folder, or a preview export made once for predictions. */
    private Path previewModel(Path runDirectory) {
        Path model = runDirectory.resolve("export");
        if (!Files.isRegularFile(model.resolve("serving.properties"))) {
            model = runDirectory.resolve("preview-model");
            if (!Files.isRegularFile(model.resolve("serving.properties"))) {
                helpers.run("export", "--run", runDirectory.toString(), "--out", model.toString());
            }
        }
        return model;
    }

    @Override
    public List<Prediction> predict(Path runDirectory, Path image) {
        Path model = previewModel(runDirectory);
        String json = helpers.run("predict", "--model", model.toString(), "--top", "5", "--json", image.toString());
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
            JsonNode explained = JSON.readTree(helpers.run(command.toArray(String[]::new)))
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

    /** In a helper process: {@code unfreeze lr-find --json}, its curve files kept in the workspace cache. */
    @Override
    public RateCurve findRate(Recipe recipe) {
        String schedule = (recipe.thawEpochs() != null ? new Schedule.Full() : recipe.schedule()).text();
        try {
            return JSON.readValue(helpers.run("lr-find", "--model", recipe.model(), "--data", recipe.data().train(), "--schedule",
                    schedule, "--batch-size", String.valueOf(recipe.batchSize()), "--steps", "60", "--json", "--out",
                    workspace.cache().resolve("lr-find").toString()), RateCurve.class);
        } catch (IOException e) {
            throw new UnfreezeException("the range test's answer could not be read: " + e.getMessage(), e);
        }
    }
}
