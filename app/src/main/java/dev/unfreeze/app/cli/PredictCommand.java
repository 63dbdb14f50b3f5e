package dev.unfreeze.app.cli;

import ai.djl.modality.Classifications;
import dev.unfreeze.training.api.ExplanationMethod;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.data.ImageFiles;
import dev.unfreeze.training.explain.HeatMap;
import dev.unfreeze.training.explain.HeatMapImages;
import dev.unfreeze.training.explain.HeatMaps;
import dev.unfreeze.training.export.ExportedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Classifies images with an exported model. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Classify images with an exported model.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "EXPORT_DIR")
    Path model;

    @Option(names = "--top", defaultValue = "3", description = "How many classes to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin

    JsonOption output;

    @Option(names = "--explain", paramLabel = "DIR", description = {"Also write where the model looks, into DIR: for each"
        + " image NAME-overlay.png (the image with the heat map over it) and NAME-heat.png (the map alone at the"
        + " image's size, brighter where the place mattered more to the predicted class), and predictions.csv."})
    Path explain;

    @Option(names = "--explain-with", paramLabel = "METHOD", converter = ExplanationMethodConverter.class,
            description = {"How to find where it looks: grad-cam (a fraction of a second an image; needs a network whose"
                + " last convolutional layers can be reached, as the bundled ones) or occlusion (any model, a few"
                + " seconds an image). Default: grad-cam where the model allows it, else occlusion."})
    ExplanationMethod explainWith;

    @Option(names = "--explain-class", paramLabel = "CLASS", description = {"Explain this class instead of the"
        + " predicted one: where the model sees evidence for it."})
    String explainClass;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<Path> images;

    /**
     * Heat maps and a CSV of the answers for every image that could be read; returns, for each, what {@code --json}
     * reports of its map.
     */
    private Map<Path, Map<String, Object>> explain(ExportedModel exported, List<ExportedModel.Outcome> outcomes,
            PrintWriter err) {
        Map<Path, Map<String, Object>> explained = new HashMap<>();
        try {
            Files.createDirectories(explain);
            int classIndex = -1;
            if (explainClass != null) {
                classIndex = exported.classes().indexOf(explainClass);
                if (classIndex < 0) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the model has no class '"
                            + explainClass + "'; its classes are " + String.join(", ", exported.classes()));
                }
            }
            StringBuilder csv = new StringBuilder("image,class,probability,method,overlay,heat\n");
            Set<String> names = new HashSet<>();
            int done = 0;
            for (ExportedModel.Outcome outcome : outcomes) {
                done++;
                if (outcome.error() != null) {
                    continue;
                }
                err.printf(Locale.ROOT, "explaining %d of %d: %s%n", done, outcomes.size(), outcome.file().getFileName());
                err.flush();
                String name = outcome.file().getFileName().toString().replaceFirst("\\.[^.]+$", "");
                for (int n = 2; !names.add(name); n++) {
                    name = name.replaceFirst("-\\d+$", "") + "-" + n;
                }
                HeatMap map = HeatMaps.explain(exported, outcome.file(), explainWith, classIndex);
                BufferedImage image = ImageFiles.read(outcome.file());
                HeatMapImages.write(image, map, explain, name);
                csv.append(csvField(outcome.file().toString())).append(',')
                        .append(csvField(exported.classes().get(map.classIndex()))).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", map.probability())).append(',')
                        .append(map.method().word()).append(',')
                        .append(name).append("-overlay.png,").append(name).append("-heat.png\n");
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("class", exported.classes().get(map.classIndex()));
                entry.put("probability", (double) map.probability());
                entry.put("method", map.method().word());
                entry.put("overlay", explain.resolve(name + "-overlay.png").toString());
                entry.put("heat", explain.resolve(name + "-heat.png").toString());
                explained.put(outcome.file(), entry);
            }
            Files.writeString(explain.resolve("predictions.csv"), csv.toString());
            return explained;
        } catch (IOException | ImageFiles.Unusable e) {
            throw new UnfreezeException("cannot write the explanations to " + explain + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads {@code grad-cam} or {@code occlusion}. */
    static final class ExplanationMethodConverter implements picocli.CommandLine.ITypeConverter<ExplanationMethod> {
        @Override
        public ExplanationMethod convert(String value) {
            return ChoiceFlags.parse(ExplanationMethod.class, value, "--explain-with");
        }
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Map<String, Object>> results = new ArrayList<>();
        int unreadable = 0;
        try (ExportedModel exported = ExportedModel.load(model)) {
            List<ExportedModel.Outcome> outcomes = exported.classifyAll(images);
            Map<Path, Map<String, Object>> explained = explain == null ? Map.of() : explain(exported, outcomes, err);
            for (ExportedModel.Outcome outcome : outcomes) {
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
                if (explained.containsKey(image)) {
                    result.put("explained", explained.get(image));
                }
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
