package dev.unfreeze.training.data;

import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What a dataset source lists, before any image is read: labelled files under one root, and what
 * the source itself refused (archive entries that escape, manifest rows whose file is missing,
 * folders that loop).
 *
 * @param source what was given, in words
 * @param location what a recipe's {@code data.train} names to read this dataset again: the folder,
 *     archive or manifest given, or for loose files a manifest listing them, written to the workspace
 * @param kind how it was read (see {@link DatasetReport#kind()})
 * @param root the folder the files are under; reports and run folders name files relative to it
 * @param files the labelled files, in a stable order
 * @param findings what the source refused, each with its reason
 */
public record DatasetLayout(String source, String location, String kind, Path root, List<LabelledFile> files, List<Finding> findings) {
    public DatasetLayout {
        files = List.copyOf(files);
        findings = List.copyOf(findings);
    }

    /** A file's path relative to the root, with forward slashes (or absolute when outside it). */
    public String relative(Path file) {
        return FolderSource.relative(root, file);
    }

    /** Whether the source sets a validation or test part apart. */
    public boolean hasOwnSplit() {
        return files.stream().anyMatch(f -> f.split() == Split.VAL || f.split() == Split.TEST);
    }
}
