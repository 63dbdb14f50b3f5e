package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.RunStatus;
import dev.unfreeze.training.runs.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists past runs, rebuilt from their folders. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List past runs (default: the workspace's runs folder) with status and validation accuracy.")
final class RunsCommand implements Runnable {
    private static final String SPARKS = " ▁▂▃▄▅▆▇█";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "A folder of run folders.")
    Path dir;

    @Mixin

    JsonOption output;

    @Override
    public void run() {
        List<RunSummary> runs = RunSummary.list(dir != null ? dir : Output.workspace().runs());
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            Output.json(out, runs);
            return;
        }
        if (runs.isEmpty()) {
            out.println("no runs yet");
        }
        for (RunSummary r : runs) {
            out.printf(Locale.ROOT, "%-40s %-12s %-18s %-11s %3d/%-3d best %s  %s%s%n", r.dir().getFileName(), r.model(),
                    r.schedule() + (r.fromScratch() ? " (scratch)" : ""), r.status().word(), r.epochsDone(), r.epochs(),
                    Double.isNaN(r.bestValAccuracy()) ? "  -  " : String.format(Locale.ROOT, "%.3f", r.bestValAccuracy()),
                    sparkline(r.valAccuracy()), r.resumable() && r.status() != RunStatus.FINISHED ? "  (resumable)" : "");
        }
        out.flush();
    }

    private static String sparkline(List<Double> values) {
        StringBuilder line = new StringBuilder();
        for (double v : values) {
            line.append(SPARKS.charAt((int) Math.round(Math.max(0, Math.min(1, v)) * (SPARKS.length() - 1))));
        }
        return line.toString();
    }
}
