package dev.unfreeze.app.cli;

import dev.unfreeze.app.worker.WorkerCommand;
import dev.unfreeze.training.api.InvalidRecipeException;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Versions;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The top-level command: without a subcommand it prints help (the workbench opens here once it exists). */
@Command(name = "unfreeze",
        mixinStandardHelpOptions = true,
        versionProvider = UnfreezeCommand.Version.class,
        description = "Transfer learning for image classifiers: adapt a pretrained network to your images.",
        subcommands = {
            ModelsCommand.class, InspectCommand.class, ImportCommand.class, DataCommand.class, TrainCommand.class, EvaluateCommand.class,
            PredictCommand.class, ExportCommand.class, LrFindCommand.class, RunsCommand.class, EngineCommand.class, PretrainCommand.class, SampleCommand.class, BenchCommand.class,
            WorkerCommand.class,
            CommandLine.HelpCommand.class
        })
public final class UnfreezeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: plain-language errors instead of stack traces. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new UnfreezeCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e instanceof UnfreezeException || e instanceof InvalidRecipeException
                    ? e.getMessage() : "unexpected error: " + e;
            commandLine.getErr().println("unfreeze: " + message);
            if (!(e instanceof UnfreezeException || e instanceof InvalidRecipeException)) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    /** Reports the build's versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Versions v = Versions.current();
            return new String[] {"Unfreeze " + v.unfreeze(), "DJL " + v.djl() + ", PyTorch " + v.pytorch()};
        }
    }
}
