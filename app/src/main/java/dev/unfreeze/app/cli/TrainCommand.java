package dev.unfreeze.app.cli;

import dev.unfreeze.app.worker.WorkerTrainingService;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.engine.InProcessTrainingService;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a run from flags or a recipe file, or resumes one. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Adapt a pretrained model to a folder of images (one sub-folder per class).",
            "Flags override the values of --recipe. The run folder keeps the recipe, checkpoints and events.jsonl."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RecipeOptions recipeOptions;
    @Option(names = "--out", paramLabel = "RUN_DIR",
            description = "The run folder to create (default: a new folder in the workspace's runs).")
    Path out;
    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a stopped run from its last checkpoint (from the beginning, with the same recipe "
            + "and split, when it stopped before its first one).")
    Path resume;
    @Mixin
    JsonOption output;
    @Option(names = "--in-process", description = "Train inside this process instead of a worker process (for debugging).")
    boolean inProcess;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TrainingService service = inProcess ? new InProcessTrainingService(new ModelCatalog(Output.workspace()))
                : new WorkerTrainingService();
        RunHandle handle;
        if (resume != null) {
            handle = service.resume(resume);
        } else {
            Recipe recipe = recipe();
            if (out == null) {
                out = Output.workspace().runs().resolve(LocalDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + safe(recipe.model()));
                spec.commandLine().getOut().println("run folder: " + out);
            }
            handle = service.start(recipe, out);
        }
        Thread cancelOnExit = new Thread(() -> {
            handle.cancel();
            handle.completion().join();
        }, "unfreeze-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        ProgressPrinter printer = new ProgressPrinter(spec.commandLine().getOut(), spec.commandLine().getErr(), output.json);
        if (resume != null) {
            printer.resuming(new RunFolder(resume).plan());
        }
        handle.events().subscribe(printer);
        TrainingEvent last;
        try {
            last = handle.completion().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running: it waits for the run to stop.
            }
        }
        if (last instanceof TrainingEvent.Failed) {
            return 1;
        }
        return last instanceof TrainingEvent.Cancelled ? 130 : 0;
    }

    private static String safe(String model) {
        String name = Path.of(model.replaceAll("[#?].*", "")).getFileName().toString();
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The recipe the flags make. */
    Recipe recipe() throws IOException {
        return recipeOptions.recipe();
    }
}
