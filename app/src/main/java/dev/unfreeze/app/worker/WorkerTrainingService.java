package dev.unfreeze.app.worker;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelListing;
import dev.unfreeze.training.engine.RunPreflight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each training job in a child JVM started from this installation ({@code unfreeze worker}),
 * so that a native crash or an out-of-memory in libtorch cannot take the caller down, and native
 * and GPU memory are returned for sure when the job ends.
 */
public final class WorkerTrainingService implements TrainingService {
    private final List<String> javaCommand;
    private final Duration cancelGrace;

    /** A service whose workers run on this JVM's runtime and class path, with the given JVM options. */
    public WorkerTrainingService(List<String> jvmOptions, Duration cancelGrace) {
        this(cancelGrace, workerCommand(jvmOptions));
    }

    private WorkerTrainingService(Duration cancelGrace, List<String> command) {
        this.javaCommand = List.copyOf(command);
        this.cancelGrace = cancelGrace;
    }

    /** A service that starts the given command as its worker: a stand-in that tests write. */
    static WorkerTrainingService startingCommand(List<String> command, Duration cancelGrace) {
        return new WorkerTrainingService(cancelGrace, command);
    }

    private static List<String> workerCommand(List<String> jvmOptions) {
        List<String> options = new ArrayList<>();
        // A JVM that ran out of memory may limp on without sending its last event; end it instead.
        options.add("-XX:+ExitOnOutOfMemoryError");
        options.addAll(jvmOptions);
        List<String> command = new ArrayList<>();
        if (!System.getProperty("os.name", "").startsWith("Windows") && Files.isExecutable(Path.of("/usr/bin/nice"))) {
            // Training saturates every core; a lower priority keeps the window (and the machine) responsive
            // while costing the run nothing when nothing else wants the CPU.
            command.addAll(List.of("/usr/bin/nice", "-n", "10"));
        }
        command.addAll(JavaCommand.current(options));
        command.add("worker");
        return command;
    }

    /** The command line that starts a worker. */
    List<String> command() {
        return javaCommand;
    }

    /** A service with the default worker heap and a two-second grace period for cancelling. */
    public WorkerTrainingService() {
        this(List.of("-Xmx6g"), Duration.ofSeconds(2));
    }

    @Override
    public RunHandle start(Recipe recipe, Path runDirectory) {
        RecipeCodec.validate(recipe);
        // refused here, before the worker creates the run folder
        RunPreflight.check(recipe, new ModelListing(Workspace.fromEnvironment()));
        return launch(runDirectory, WorkerProtocol.write(WorkerMessage.Start.of(runDirectory, recipe)));
    }

    @Override
    public RunHandle resume(Path runDirectory) {
        return launch(runDirectory, WorkerProtocol.write(
                new WorkerMessage.ResumeRun(runDirectory.toAbsolutePath().toString())));
    }

    private RunHandle launch(Path runDirectory, String firstRequest) {
        try {
            Files.createDirectories(runDirectory);
            Path log = runDirectory.resolve("worker.log");
            ProcessBuilder builder = new ProcessBuilder(javaCommand)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            EngineEnvironment.apply(builder.environment());
            Process process = builder.start();
            WorkerRunHandle handle = new WorkerRunHandle(process, runDirectory, log, cancelGrace);
            handle.send(firstRequest);
            return handle;
        } catch (IOException e) {
            throw new UnfreezeException("cannot start the training process: " + e.getMessage(), e);
        }
    }
}
