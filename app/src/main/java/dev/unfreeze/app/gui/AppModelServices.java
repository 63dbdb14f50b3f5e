package dev.unfreeze.app.gui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.app.cli.ProgressLine;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.Throughput;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ModelServices;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelListing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleConsumer;

/** The model catalog: listed from the workspace's files; imports, inspection and speed measured in helper processes. */
final class AppModelServices implements ModelServices {
    private static final ObjectMapper JSON = Json.mapper();

    private final Workspace workspace;
    private final HelperProcess helpers;

    AppModelServices(Workspace workspace, HelperProcess helpers) {
        this.workspace = workspace;
        this.helpers = helpers;
    }

    @Override
    public List<ModelInfo> models() {
        return new ModelListing(workspace).list();
    }

    @Override
    public ModelInfo importModel(Path torchScriptFile) {
        try {
            return JSON.readValue(helpers.run("import", torchScriptFile.toString(), "--json"), ModelInfo.class);
        } catch (IOException e) {
            throw new UnfreezeException("the import returned something unreadable: " + e.getMessage(), e);
        }
    }

    /** In a helper process, which reports the download's progress on its error stream. */
    @Override
    public ModelInfo importModelFromUrl(String url, DoubleConsumer progress) {
        try {
            return JSON.readValue(helpers.run(line -> ProgressLine.parse(line).ifPresent(progress::accept), false,
                    "import", url, "--json", "--progress"), ModelInfo.class);
        } catch (IOException e) {
            throw new UnfreezeException("the import returned something unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelLayout inspect(String model, int classes) {
        String json = helpers.run("inspect", model, "--classes", String.valueOf(classes), "--json");
        try {
            return JSON.readValue(json, ModelLayout.class);
        } catch (IOException e) {
            throw new UnfreezeException("the model inspection returned something unreadable: " + e.getMessage(), e);
        }
    }

    /** Measured once per model in a helper process (a short benchmark), then read from the workspace. */
    @Override
    public Throughput throughput(String model) {
        Path cached = workspace.cache().resolve("throughput").resolve(model.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        try {
            if (Files.isRegularFile(cached)) {
                Throughput known = JSON.readValue(cached.toFile(), Throughput.class);
                if (known.complete()) {
                    return known;
                }
            }
            // the median of five timed steps: of two, one step slowed by a neighbour halved a figure (docs/benchmarks.md);
            // the model's loading and warm-up take most of the measurement's time either way
            var figures = JSON.readTree(helpers.run("bench", "--model", model, "--figures", "frozen,full,bitfit", "--steps",
                    "5", "--batch-size", "16", "--json"));
            Throughput measured = new Throughput(model, figures.get("frozen").asDouble(), figures.get("full").asDouble(),
                    figures.get("bitfit").asDouble());
            Files.createDirectories(cached.getParent());
            JSON.writeValue(cached.toFile(), measured);
            return measured;
        } catch (IOException e) {
            throw new UnfreezeException("cannot measure the training speed of " + model + ": " + e.getMessage(), e);
        }
    }
}
