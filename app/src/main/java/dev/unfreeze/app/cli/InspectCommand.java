package dev.unfreeze.app.cli;

import ai.djl.Device;
import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.engine.AdaptedModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows a model's layer groups. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's layer groups, input to output, with their parameter counts.")
final class InspectCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A catalog id, TorchScript file, exported model folder or URL.")
    String model;

    @Option(names = "--classes", defaultValue = "10", description = "Classes of the new head (default: ${DEFAULT-VALUE}).")
    int classes;

    @Mixin

    JsonOption output;

    @Override
    public void run() {
        ResolvedModel resolved = new ModelCatalog(Output.workspace()).resolve(model);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(2, classes); i++) {
            names.add("class" + i);
        }
        ModelLayout layout;
        try (AdaptedModel adapted = AdaptedModel.create(resolved, names, RecipeCodec.defaults().head(), false, 0, 0,
                Device.cpu())) {
            layout = adapted.layout();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            Output.json(out, layout);
            return;
        }
        out.printf(Locale.ROOT, "%s: %s, %d px %s input, %d-d features%n", layout.model().id(), layout.model().name(),
                layout.model().inputSize(), layout.model().channels() == 1 ? "greyscale" : "RGB", layout.featureDimension());
        long max = layout.groups().stream().mapToLong(LayerGroup::parameters).max().orElse(1);
        for (LayerGroup g : layout.groups()) {
            int bar = (int) Math.max(1, Math.round(30.0 * g.parameters() / max));
            out.printf(Locale.ROOT, "%3d  %-12s %-16s %,10d  %s%n", g.index(), g.name() + (g.head() ? " (new)" : ""),
                    g.outputDescription(), g.parameters(), "#".repeat(bar));
        }
        out.flush();
    }
}
