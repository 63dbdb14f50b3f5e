package dev.unfreeze.app.cli;

import picocli.CommandLine.Option;

/** The {@code --json} flag every command that prints a result offers: JSON for scripts instead of text. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON (for scripts) instead of text.")
    boolean json;
}
