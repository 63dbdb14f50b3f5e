package dev.unfreeze.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.EngineServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** The engine's unpacking seen in its cache folder; its build asked of a helper process. */
final class AppEngineServices implements EngineServices {
    private static final ObjectMapper JSON = Json.mapper();

    private final EngineUnpacking unpacking = EngineUnpacking.forThisEngine();
    private final HelperProcess helpers;

    AppEngineServices(HelperProcess helpers) {
        this.helpers = helpers;
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
            JsonNode facts = JSON.readTree(helpers.run("engine", "--json"));
            int gpus = facts.path("gpus").asInt();
            return "PyTorch " + facts.path("pytorch").asText() + ", " + facts.path("flavour").asText().toUpperCase(Locale.ROOT)
                    + " build, " + (gpus == 0 ? "no GPU" : gpus + " GPU" + (gpus > 1 ? "s" : ""));
        } catch (IOException e) {
            throw new UnfreezeException("the engine check returned something unreadable: " + e.getMessage(), e);
        }
    }
}
