package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.Calibration;
import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.data.Split;
import dev.unfreeze.training.engine.ConfusionMatrix;
import dev.unfreeze.training.export.ExportedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures an exported model on a labelled folder. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy, per-class metrics and how far the confidences can be trusted, of an exported model on a "
                + "folder of class folders.")
final class EvaluateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "EXPORT_DIR")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "SOURCE", description = "Labelled images: class folders, an archive or a manifest.")
    Path data;

    @Mixin

    JsonOption output;

    @Override
    public void run() {
        DatasetInspector.Inspection dataset = Datasets.inspect(data.toString(), null,
                Workspace.fromEnvironment().cache(), p -> { });
        List<Sample> samples = new ArrayList<>(dataset.samples(Split.values()));
        try (ExportedModel exported = ExportedModel.load(model)) {
            for (String c : dataset.classes()) {
                if (!exported.classes().contains(c)) {
                    throw new UnfreezeException("the data has a class '" + c + "' that the model does not know (it knows "
                            + String.join(", ", exported.classes()) + ")");
                }
            }
            ConfusionMatrix matrix = new ConfusionMatrix(exported.classes());
            List<Calibration.Answer> answers = new ArrayList<>();
            List<ExportedModel.Outcome> outcomes = exported.classifyAll(samples.stream().map(Sample::file).toList());
            int unreadable = 0;
            for (int i = 0; i < samples.size(); i++) {
                ExportedModel.Outcome outcome = outcomes.get(i);
                if (outcome.error() != null) {
                    unreadable++;
                    spec.commandLine().getErr().println("unfreeze: " + outcome.error() + " (left out)");
                    continue;
                }
                String actual = dataset.classes().get(samples.get(i).label());
                String named = outcome.result().best().getClassName();
                matrix.add(exported.classes().indexOf(actual), exported.classes().indexOf(named));
                answers.add(new Calibration.Answer(outcome.result().best().getProbability(), named.equals(actual),
                        outcome.result().get(actual).getProbability()));
            }
            print(matrix, Calibration.of(answers));
        }
    }

    private void print(ConfusionMatrix matrix, Calibration calibration) {
        int images = calibration.images();
        PrintWriter out = spec.commandLine().getOut();
        List<ClassMetrics> perClass = matrix.perClass().stream().filter(m -> m.support() > 0).toList();
        if (output.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("accuracy", matrix.accuracy());
            result.put("images", images);
            result.put("perClass", perClass);
            result.put("confusion", matrix.counts());
            result.put("meanConfidence", calibration.meanConfidence());
            result.put("calibrationError", calibration.calibrationError());
            result.put("logLoss", calibration.logLoss());
            Output.json(out, result);
            return;
        }
        out.printf(Locale.ROOT, "accuracy %.4f on %d images%n", matrix.accuracy(), images);
        out.printf(Locale.ROOT, "confidence %.3f on average, calibration error %.3f, log loss %.3f%s%n",
                calibration.meanConfidence(), calibration.calibrationError(), calibration.logLoss(),
                switch (calibration.verdict()) {
                    case OVERSTATED -> ": the percentages overstate how often it is right (read them as a ranking)";
                    case UNDERSTATED -> ": the percentages understate how often it is right";
                    case FAITHFUL, TOO_FEW_IMAGES -> "";
                });
        out.printf(Locale.ROOT, "%-20s %9s %9s %9s %7s%n", "class", "precision", "recall", "F1", "images");
        for (ClassMetrics m : perClass) {
            out.printf(Locale.ROOT, "%-20s %9.3f %9.3f %9.3f %7d%n", m.name(), m.precision(), m.recall(), m.f1(), m.support());
        }
        out.flush();
    }
}
