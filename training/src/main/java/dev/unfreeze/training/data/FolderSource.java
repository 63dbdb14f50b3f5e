package dev.unfreeze.training.data;

import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport.Severity;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder with one sub-folder per class (images may sit at any depth inside a class folder), or
 * one with {@code train/}, {@code val/} (or {@code valid/}) and {@code test/} folders of class folders.
 */
final class FolderSource {
    private FolderSource() {}

    static DatasetLayout read(Path dir, String source, String kind) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new UnfreezeException("the dataset folder " + dir + " does not exist");
        }
        List<Finding> findings = new ArrayList<>();
        List<LabelledFile> files = new ArrayList<>();
        try {
            List<Path> splitFolders = FolderWalker.folders(root).stream()
                    .filter(f -> Split.named(f.getFileName().toString()) != null).toList();
            boolean split = splitFolders.stream().anyMatch(f -> Split.named(f.getFileName().toString()) == Split.TRAIN);
            if (split) {
                for (Path part : splitFolders) {
                    addClassFolders(root, part, Split.named(part.getFileName().toString()), files, findings);
                }
                kind = kind == null ? "split folders" : kind;
            } else {
                addClassFolders(root, root, Split.UNSPLIT, files, findings);
                kind = kind == null ? "class folders" : kind;
            }
        } catch (IOException e) {
            throw new UnfreezeException("cannot read the dataset folder " + dir + ": " + e.getMessage(), e);
        }
        return new DatasetLayout(source, source, kind, root, files, findings);
    }

    private static void addClassFolders(Path root, Path dir, Split split, List<LabelledFile> files, List<Finding> findings)
            throws IOException {
        for (Path classDir : FolderWalker.folders(dir)) {
            String label = classDir.getFileName().toString();
            List<Path> classFiles = FolderWalker.files(classDir, f -> relative(root, f), findings);
            if (classFiles.isEmpty()) {
                findings.add(new Finding(Severity.WARNING, "empty-class", relative(root, classDir),
                        "the class '" + label + "' has no files; skipped"));
            }
            for (Path file : classFiles) {
                files.add(new LabelledFile(file, label, split));
            }
        }
        try (var children = Files.list(dir)) {
            for (Path loose : children.filter(Files::isRegularFile).filter(p -> !FolderWalker.hidden(p)).sorted().toList()) {
                findings.add(new Finding(Severity.INFO, "unlabelled", relative(root, loose),
                        "not inside a class folder, so it has no class; skipped"));
            }
        }
    }

    static String relative(Path root, Path file) {
        Path normal = file.toAbsolutePath().normalize();
        return normal.startsWith(root) ? root.relativize(normal).toString().replace('\\', '/') : normal.toString();
    }
}
