package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Copies a TorchScript model into the workspace's catalog. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Add a TorchScript backbone (made with torch.jit.script) to the catalog; a probe finds its feature size.")
final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The .pt file (a NAME.json beside it gives input size and normalisation).")
    Path file;

    @Option(names = "--id", description = "The catalog id (default: the file name).")
    String id;

    @Option(names = "--json")
    boolean json;

    @Override
    public void run() {
        String chosen = id != null ? id : file.getFileName().toString().replaceFirst("\\.[^.]+$", "")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        ResolvedModel model = new ModelCatalog(Output.workspace()).importFile(file, chosen);
        ModelInfo info = model.info();
        if (json) {
            Output.json(spec.commandLine().getOut(), info);
            return;
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "imported %s: %,d parameters, %d px input, %d-d features%n",
                info.id(), info.parameters(), info.inputSize(), model.metadata().featureDimension());
        spec.commandLine().getOut().flush();
    }
}
