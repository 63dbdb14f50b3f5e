package dev.unfreeze.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unfreeze.training.api.ExportFormat;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.export.ModelExporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Exports a run's best weights. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a run's best model into a new folder, with its model card.",
            "  djl   a folder that DJL, Python (TorchScript) and Unfreeze load (the default).",
            "  onnx  one model.onnx for ONNX Runtime and every runtime that reads ONNX."})
final class ExportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "The run folder.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new, empty folder.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "djl", converter = FormatConverter.class,
            description = "djl or onnx (default: ${DEFAULT-VALUE}).")
    ExportFormat format;

    @Option(names = "--half", description = "With --format onnx, also model-fp16.onnx: the weights as float16, half the"
            + " size; the card says how often it keeps the top-1 class.")
    boolean half;

    @Override
    public void run() {
        if (half && format != ExportFormat.ONNX) {
            throw new ParameterException(spec.commandLine(), "--half needs --format onnx");
        }
        Path written = new ModelExporter(new ModelCatalog(Output.workspace())).export(run, out, format, half);
        PrintWriter console = spec.commandLine().getOut();
        console.println("exported to " + written.toAbsolutePath() + ":");
        try {
            JsonNode files = Json.mapper().readTree(written.resolve("model-card.json").toFile()).get("files");
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> file = it.next();
                console.printf(Locale.ROOT, "  %-22s %9s  %s%n", file.getKey(), size(written.resolve(file.getKey())),
                        file.getValue().asText());
            }
            console.printf(Locale.ROOT, "  %-22s %9s  %s%n", "MODEL_CARD.md", size(written.resolve("MODEL_CARD.md")),
                    "what the model is, how it was trained, and how to load it");
        } catch (IOException e) {
            console.println("(see MODEL_CARD.md)");
        }
        console.flush();
    }

    private static String size(Path file) throws IOException {
        long bytes = Files.size(file);
        return bytes >= 1e6 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : bytes >= 1e3 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3) : bytes + " bytes";
    }

    /** Reads {@code djl} or {@code onnx}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            return ChoiceFlags.parse(ExportFormat.class, value, "--format");
        }
    }
}
