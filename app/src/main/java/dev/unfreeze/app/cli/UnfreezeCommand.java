package dev.unfreeze.app.cli;

import dev.unfreeze.app.worker.WorkerCommand;
import dev.unfreeze.training.api.InvalidRecipeException;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Versions;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
            String told = toldInWords(e);
            commandLine.getErr().println("unfreeze: " + (told != null ? told : "unexpected error: " + e));
            if (told == null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    /** The failure in a sentence, or null for one nobody foresaw (which gets its stack trace, for a bug report). */
    static String toldInWords(Exception e) {
        if (e instanceof UnfreezeException || e instanceof InvalidRecipeException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or folder: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "not allowed to read or write " + denied.getFile();
        }
        return null;
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
