package dev.unfreeze.app.cli;

import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.export.ModelExporter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Exports a run's best weights. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a run's best model as a folder that DJL, Python and Unfreeze can load.")
final class ExportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "The run folder.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new, empty folder.")
    Path out;

    @Override
    public void run() {
        Path written = new ModelExporter(new ModelCatalog(Output.workspace())).export(run, out);
        spec.commandLine().getOut().println("exported to " + written.toAbsolutePath() + " (see MODEL_CARD.md)");
        spec.commandLine().getOut().flush();
    }
}
