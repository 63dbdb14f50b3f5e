package dev.unfreeze.training.data;

import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport.Severity;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * Lists the files under a folder, following links but never in circles, skipping hidden files and
 * the {@code __MACOSX} folders that macOS puts into archives. What cannot be listed becomes a finding.
 */
final class FolderWalker {
    private FolderWalker() {}

    /** The regular files under {@code dir} (at any depth), sorted by path. */
    static List<Path> files(Path dir, Function<Path, String> relative, List<Finding> findings) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (hidden(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        findings.add(new Finding(Severity.WARNING, "unreadable", relative.apply(file),
                                "cannot be read: it is a link to a file that does not exist"));
                    } else if (attrs.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    findings.add(new Finding(Severity.WARNING, e instanceof FileSystemLoopException ? "link-loop" : "unreadable",
                            relative.apply(file), reason(e)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            findings.add(new Finding(Severity.ERROR, "unreadable", relative.apply(dir), reason(e)));
        }
        files.sort(null);
        return files;
    }

    /** The sub-folders directly inside {@code dir} that are not hidden, sorted by name. */
    static List<Path> folders(Path dir) throws IOException {
        try (var children = Files.list(dir)) {
            return children.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
        }
    }

    static boolean hidden(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.startsWith(".") || name.equals("__MACOSX") || name.equalsIgnoreCase("Thumbs.db")
                || name.equalsIgnoreCase("desktop.ini");
    }

    static String reason(IOException e) {
        if (e instanceof FileSystemLoopException) {
            return "skipped: a link here points back to a folder that contains it (a loop)";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot be read: permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "cannot be read: it no longer exists, or is a link to nothing";
        }
        return "cannot be read: " + e.getMessage();
    }
}
