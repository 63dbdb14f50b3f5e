package dev.unfreeze.app.cli;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.Utils;
import dev.unfreeze.app.worker.EngineEnvironment;
import dev.unfreeze.training.api.Versions;
import dev.unfreeze.training.data.ImageFiles;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shows which engine, native library flavour and device training uses. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = {"Show the engine: the PyTorch build in use, its GPUs, decoders and memory settings.",
            "It prints the PyTorch library (CPU or CUDA build) and where it is cached, the GPUs it sees, which native "
                + "image decoders loaded, and how the engine's memory is allocated. For a CUDA build, set "
                + "PYTORCH_LIBRARY_PATH, PYTORCH_VERSION and PYTORCH_FLAVOR (see the README)."})
final class EngineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption output;

    @Override
    public void run() {
        Engine engine = Engine.getEngine("PyTorch");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("unfreeze", Versions.current().unfreeze());
        facts.put("djl", Versions.current().djl());
        facts.put("pytorch", engine.getVersion());
        facts.put("flavour", engine.hasCapability(StandardCapabilities.CUDA) ? "cuda" : "cpu");
        facts.put("gpus", engine.getGpuCount());
        facts.put("device", engine.getGpuCount() > 0 ? "gpu(0)" : "cpu()");
        facts.put("localLibrary", Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH", "(bundled CPU build)"));
        facts.put("cache", Utils.getEngineCacheDir("pytorch").toString());
        facts.put("memory", EngineEnvironment.describe(System.getenv()));
        facts.put("convolutions", EngineEnvironment.describeKernels(System.getenv()));
        new TreeMap<>(ImageFiles.decoders()).forEach(facts::put);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            Output.json(out, facts);
            return;
        }
        facts.forEach((k, v) -> out.printf("%-13s %s%n", k, v));
        out.flush();
    }
}
