package dev.unfreeze.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unfreeze.training.api.ExportFormat;
import dev.unfreeze.training.api.ExportedFile;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ExportServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Exports in a helper process; the export's card and file list read as files. */
final class AppExportServices implements ExportServices {
    private final HelperProcess helpers;

    AppExportServices(HelperProcess helpers) {
        this.helpers = helpers;
    }

    @Override
    public Path export(Path runDirectory, Path target, ExportFormat format, boolean half) {
        List<String> args = new ArrayList<>(List.of("export", "--run", runDirectory.toString(), "--out",
                target.toString(), "--format", format.word()));
        if (half) {
            args.add("--half");
        }
        helpers.run(args.toArray(String[]::new));
        return target;
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
}
