package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.catalog.ModelReferences;
import dev.unfreeze.training.export.onnx.OnnxModels;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Copies a TorchScript model into the workspace's catalog. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Add a TorchScript backbone (made with torch.jit.script) to the catalog; a probe finds its feature size.")
final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE_OR_URL", description = {"The .pt file (a NAME.json beside it gives input size and normalisation),",
        "or an https:/http:/file: URL of one (downloaded once; a #sha256=HEX ending is checked)."})
    String source;

    @Option(names = "--progress", description = "Report download progress on stderr as 'progress <0..1>' lines.")
    boolean progress;

    @Option(names = "--id", description = "The catalog id (default: the file name).")
    String id;

    @Option(names = "--onnx", paramLabel = "TWIN", description = {"The same network as ONNX, with its tensor names kept",
        "(torch.onnx.export(..., do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)),",
        "so that runs based on it can be exported as ONNX."})
    Path onnxTwin;

    @Mixin

    JsonOption output;

    private ResolvedModel importFile(ModelCatalog catalog, String chosen) {
        if (onnxTwin != null) {
            OnnxModels.checkTwin(onnxTwin, Path.of(source)); // before anything is copied: a twin that does not fit is refused
        }
        return catalog.importFile(Path.of(source), chosen, onnxTwin);
    }

    @Override
    public void run() {
        boolean url = ModelReferences.isUrl(source);
        if (url && onnxTwin != null) {
            throw new ParameterException(spec.commandLine(), "--onnx takes a model file, not a URL: download the .pt"
                    + " first, then import it with its twin");
        }
        String name = url ? URI.create(source.replaceFirst("#.*$", "")).getPath() : source;
        String chosen = id != null ? id : Path.of(name).getFileName().toString().replaceFirst("\\.[^.]+$", "")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        ModelCatalog catalog = new ModelCatalog(Output.workspace());
        PrintWriter err = spec.commandLine().getErr();
        int[] shown = {-2};
        ResolvedModel model = url ? catalog.importUrl(source, chosen, p -> {
            int percent = p < 0 ? -1 : (int) (p * 100);
            if (progress && percent != shown[0]) {
                shown[0] = percent;
                err.println(ProgressLine.format(p));
                err.flush();
            }
        }) : importFile(catalog, chosen);
        ModelInfo info = model.info();
        if (output.json) {
            Output.json(spec.commandLine().getOut(), info);
            return;
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "imported %s: %,d parameters, %d px input, %d-d features%s%n",
                info.id(), info.parameters(), info.inputSize(), model.metadata().featureDimension(),
                model.metadata().onnx() != null ? ", with its ONNX twin (exports as ONNX too)"
                        : "; no ONNX twin, so it exports as a DJL folder only (see --onnx)");
        spec.commandLine().getOut().flush();
    }
}
