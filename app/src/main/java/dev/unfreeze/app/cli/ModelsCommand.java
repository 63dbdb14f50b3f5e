package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.catalog.ModelCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists the bundled and imported models. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the pretrained models.")
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin

    JsonOption output;

    @Override
    public void run() {
        List<ModelInfo> models = new ModelCatalog(Output.workspace()).list();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            Output.json(out, models);
            return;
        }
        out.printf(Locale.ROOT, "%-16s %-9s %12s %6s  %s%n", "ID", "SOURCE", "PARAMETERS", "INPUT", "NAME");
        for (ModelInfo m : models) {
            out.printf(Locale.ROOT, "%-16s %-9s %,12d %3dpx%s  %s%n", m.id(), m.source(), m.parameters(), m.inputSize(),
                    m.channels() == 1 ? "g" : " ", m.name());
        }
        out.flush();
    }
}
