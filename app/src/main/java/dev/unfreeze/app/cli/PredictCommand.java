package dev.unfreeze.app.cli;

import ai.djl.modality.Classifications;
import dev.unfreeze.training.export.ExportedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Classifies images with an exported model. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Classify images with an exported model.")
final class PredictCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "EXPORT_DIR")
    Path model;

    @Option(names = "--top", defaultValue = "3", description = "How many classes to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin

    JsonOption output;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<Path> images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Map<String, Object>> results = new ArrayList<>();
        int unreadable = 0;
        try (ExportedModel exported = ExportedModel.load(model)) {
            for (ExportedModel.Outcome outcome : exported.classifyAll(images)) {
                Path image = outcome.file();
                if (outcome.error() != null) {
                    // one bad file among many: say which and why, and go on with the rest
                    unreadable++;
                    err.println("unfreeze: " + outcome.error());
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("image", image.toString());
                    result.put("error", outcome.error());
                    results.add(result);
                    continue;
                }
                List<Map<String, Object>> best = new ArrayList<>();
                for (Classifications.Classification item : outcome.result().topK(top)) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("class", item.getClassName());
                    entry.put("probability", item.getProbability());
                    best.add(entry);
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("image", image.toString());
                result.put("top", best);
                results.add(result);
                if (!output.json) {
                    out.println(image);
                    for (Map<String, Object> entry : best) {
                        out.printf(Locale.ROOT, "  %-20s %.4f%n", entry.get("class"), (Double) entry.get("probability"));
                    }
                }
            }
        }
        if (output.json) {
            Output.json(out, results);
        }
        out.flush();
        if (unreadable > 0) {
            err.printf(Locale.ROOT, "unfreeze: %d of %d images could not be read%n", unreadable, images.size());
            err.flush();
            return 1;
        }
        return 0;
    }
}
