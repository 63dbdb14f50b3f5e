package dev.unfreeze.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.DatasetServices;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.ImageFiles;
import dev.unfreeze.training.data.Thumbnails;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

/** Datasets read here with ImageIO only (never the engine); augmented samples and statistics in helper processes. */
final class AppDatasetServices implements DatasetServices {
    private static final ObjectMapper JSON = Json.mapper();

    private final Workspace workspace;
    private final Thumbnails thumbnails;
    private final HelperProcess helpers;

    AppDatasetServices(Workspace workspace, HelperProcess helpers) {
        this.workspace = workspace;
        this.thumbnails = new Thumbnails(workspace.cache().resolve("thumbnails"), 96);
        this.helpers = helpers;
    }

    /** Read here, not in a helper: inspection decodes with ImageIO only and never loads the engine. */
    @Override
    public DatasetReport inspectDataset(List<Path> dropped, DoubleConsumer progress) {
        return DatasetInspector.inspect(Datasets.layout(dropped, null, workspace.cache()), progress, workspace.cache()).report();
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
                    "--rotation", String.valueOf(settings.rotation()), "--color-jitter", String.valueOf(settings.colorJitter()),
                    "--translate", String.valueOf(settings.translate())));
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

    /** Runs a helper command whose exit status 1 means some of its inputs failed, each reported in its JSON output. */
    private String helperAllowingFailures(List<String> args) {
        return helpers.run(line -> { }, true, args.toArray(String[]::new));
    }
}
