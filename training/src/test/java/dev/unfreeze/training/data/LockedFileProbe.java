package dev.unfreeze.training.data;

import dev.unfreeze.training.api.DatasetReport;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a dataset and prints, a line each, its classes with their image counts and its findings: what
 * {@link LockedFileTest} checks, runnable in a process of another user ({@code main}).
 */
final class LockedFileProbe {
    private LockedFileProbe() {}

    static String describe(Path root, Path cache) {
        DatasetReport report = DatasetInspector.inspect(DatasetSources.open(List.of(root), cache), p -> { }).report();
        StringBuilder text = new StringBuilder();
        report.classes().forEach(c -> text.append("class ").append(c.name()).append(": ").append(c.total()).append('\n'));
        report.findings().forEach(f -> text.append(f.file()).append(": ").append(f.message()).append('\n'));
        return text.toString();
    }

    public static void main(String[] args) {
        System.out.print(describe(Path.of(args[0]), Path.of(args[1])));
    }
}
