package dev.unfreeze.training.data;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns whatever was dropped or named into a {@link DatasetLayout}: a folder of class folders (with
 * or without train/val/test inside), a zip or tar.gz of one, a CSV/TSV manifest, or several loose
 * image files and folders (each file labelled by its parent folder's name).
 */
public final class DatasetSources {
    private DatasetSources() {}

    /**
     * Reads a dataset source.
     *
     * @param dropped one folder, archive or manifest, or several files and folders
     * @param workspaceCache the workspace's cache: archives are extracted under {@code datasets/}, and
     *     loose files are listed in a manifest under {@code manifests/} so a recipe can name them
     * @throws UnfreezeException when nothing usable was given, saying why
     */
    public static DatasetLayout open(List<Path> dropped, Path workspaceCache) {
        if (dropped.isEmpty()) {
            throw new UnfreezeException("no dataset was given");
        }
        for (Path p : dropped) {
            if (!Files.exists(p)) {
                throw new UnfreezeException(p + " does not exist");
            }
        }
        if (dropped.size() == 1) {
            Path only = dropped.get(0).toAbsolutePath().normalize();
            if (Files.isDirectory(only)) {
                return FolderSource.read(only, only.toString(), null);
            }
            if (SafeArchive.isArchive(only)) {
                SafeArchive.Extracted extracted = SafeArchive.extract(only, workspaceCache.resolve("datasets"),
                        SafeArchive.Limits.DEFAULT);
                String kind = only.getFileName().toString().endsWith(".zip") ? "zip archive" : "tar.gz archive";
                DatasetLayout inside = FolderSource.read(datasetFolder(extracted.folder()), only.toString(), kind);
                List<Finding> findings = new ArrayList<>(extracted.refused());
                findings.addAll(inside.findings());
                return new DatasetLayout(inside.source(), only.toString(), kind, inside.root(), inside.files(), findings);
            }
            if (ManifestSource.isManifest(only)) {
                return ManifestSource.read(only);
            }
        }
        return looseFiles(dropped, workspaceCache.resolve("manifests"));
    }

    /** Loose files and folders: each file's class is the name of the folder it sits in. */
    private static DatasetLayout looseFiles(List<Path> dropped, Path manifests) {
        List<Path> paths = dropped.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        Path root = commonAncestor(paths);
        List<Finding> findings = new ArrayList<>();
        List<LabelledFile> files = new ArrayList<>();
        for (Path p : paths) {
            List<Path> found = Files.isDirectory(p) ? FolderWalker.files(p, f -> FolderSource.relative(root, f), findings)
                    : List.of(p);
            for (Path file : found) {
                files.add(new LabelledFile(file, file.getParent().getFileName().toString(), Split.UNSPLIT));
            }
        }
        String source = paths.size() + " item(s): " + paths.stream().map(p -> p.getFileName().toString())
                .limit(4).collect(Collectors.joining(", ")) + (paths.size() > 4 ? ", ..." : "");
        return new DatasetLayout(source, writeManifest(files, manifests).toString(), "loose files", root, files, findings);
    }

    /** A manifest of loose files in the workspace (named by its content), so a recipe can name them. */
    private static Path writeManifest(List<LabelledFile> files, Path folder) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("path", "label"));
        files.forEach(f -> rows.add(List.of(f.file().toString(), f.label())));
        try {
            byte[] csv = new CsvMapper().writerFor(List.class)
                    .with(CsvSchema.emptySchema()).writeValueAsBytes(rows);
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv))
                    .substring(0, 16) + ".csv";
            Files.createDirectories(folder);
            Path manifest = folder.resolve(name);
            if (!Files.exists(manifest)) {
                Files.write(manifest, csv);
            }
            return manifest;
        } catch (IOException e) {
            throw new UnfreezeException("cannot write the list of dropped files to " + folder + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder an archive's dataset starts at: past wrapper folders that hold nothing but one folder. */
    static Path datasetFolder(Path extracted) {
        Path dir = extracted;
        try {
            while (true) {
                List<Path> children;
                try (var list = Files.list(dir)) {
                    children = list.filter(p -> !FolderWalker.hidden(p)).toList();
                }
                if (children.size() == 1 && Files.isDirectory(children.get(0))
                        && Split.named(children.get(0).getFileName().toString()) == null) {
                    List<Path> grandChildren;
                    try (var list = Files.list(children.get(0))) {
                        grandChildren = list.filter(p -> !FolderWalker.hidden(p)).toList();
                    }
                    // one folder holding folders is a wrapper; one folder holding images is a single class
                    if (grandChildren.stream().anyMatch(Files::isDirectory)) {
                        dir = children.get(0);
                        continue;
                    }
                }
                return dir;
            }
        } catch (IOException e) {
            throw new UnfreezeException("cannot read the extracted archive " + extracted + ": " + e.getMessage(), e);
        }
    }

    /** The deepest folder holding every dropped item (a dropped folder counts from its parent, as its name is its class). */
    private static Path commonAncestor(List<Path> paths) {
        Path common = paths.get(0).getParent();
        for (Path p : paths) {
            Path parent = p.getParent();
            while (common != null && !parent.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common == null ? paths.get(0).getRoot() : common;
    }
}
