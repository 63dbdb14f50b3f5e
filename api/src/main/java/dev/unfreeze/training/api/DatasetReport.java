package dev.unfreeze.training.api;

import java.util.List;
import java.util.Map;

/**
 * What Unfreeze found in a dataset before training on it: the classes and their images, every file
 * it will skip and why, duplicates, imbalance, and a fingerprint. The command line prints it and the
 * workbench shows it; both read it as data.
 *
 * @param source what was given (a folder, an archive, a manifest, or several loose files)
 * @param location what a recipe's {@code data.train} names to read this dataset again
 * @param kind how it was read: {@code class folders}, {@code split folders}, {@code zip archive},
 *     {@code tar.gz archive}, {@code manifest} or {@code loose files}
 * @param root the folder the files are read from (for an archive, where it was extracted); every
 *     file in this report is relative to it
 * @param classes the classes that will train, sorted by name
 * @param findings problems and remarks, errors first
 * @param duplicates sets of files with identical content
 * @param images size and colour-mode statistics of the readable images
 * @param imbalance training images in the largest class divided by those in the smallest (1 when balanced)
 * @param fingerprint a hash over relative paths, sizes and labels of the images that will train
 */
public record DatasetReport(String source, String location, String kind, String root, List<ClassEntry> classes, List<Finding> findings,
        List<DuplicateSet> duplicates, ImageStatistics images, double imbalance, String fingerprint) {

    public DatasetReport {
        classes = List.copyOf(classes);
        findings = List.copyOf(findings);
        duplicates = List.copyOf(duplicates);
    }

    /** How serious a finding is. */
    public enum Severity {
        /** Training cannot start until it is fixed. */
        ERROR,
        /** Training can start, but the result may suffer. */
        WARNING,
        /** Worth knowing; nothing to fix. */
        INFO
    }

    /**
     * One class.
     *
     * @param name the class name (its folder name or its label in the manifest)
     * @param train readable training images (all readable images when the source has no split)
     * @param val readable validation images the source already has
     * @param test readable test images the source already has
     * @param suggestedWeight the loss weight that would balance the classes' training images (training images /
     *     (classes x this class's training images); 0 for a class with none)
     * @param samples a few readable image files, relative to the root
     */
    public record ClassEntry(String name, int train, int val, int test, double suggestedWeight, List<String> samples) {
        public ClassEntry {
            samples = List.copyOf(samples);
        }

        /** All readable images of the class. */
        public int total() {
            return train + val + test;
        }
    }

    /**
     * A problem or remark.
     *
     * @param severity how serious it is
     * @param kind a stable key: {@code unreadable}, {@code not-an-image}, {@code empty-file},
     *     {@code too-large}, {@code misnamed}, {@code missing}, {@code refused-entry},
     *     {@code empty-class}, {@code few-images}, {@code too-few-classes}, {@code imbalance},
     *     {@code duplicate-across-classes}, {@code duplicate-across-splits}, {@code duplicate}
     * @param file the file it concerns, relative to the root, or null for the dataset as a whole
     * @param message the finding in plain words
     */
    public record Finding(Severity severity, String kind, String file, String message) {}

    /**
     * Files with identical content.
     *
     * @param sha256 the content hash
     * @param files the files, relative to the root
     * @param acrossClasses whether they carry different labels
     * @param acrossSplits whether they sit in more than one of train, validation and test
     */
    public record DuplicateSet(String sha256, List<String> files, boolean acrossClasses, boolean acrossSplits) {
        public DuplicateSet {
            files = List.copyOf(files);
        }
    }

    /**
     * Statistics over the readable images.
     *
     * @param readable how many images could be read
     * @param skipped how many files were skipped
     * @param minWidth the narrowest width
     * @param minHeight the lowest height
     * @param medianWidth the median width
     * @param medianHeight the median height
     * @param maxWidth the widest width
     * @param maxHeight the highest height
     * @param colourModes images per colour mode (such as {@code RGB}, {@code greyscale}, {@code RGBA},
     *     {@code palette}, {@code 16-bit}, {@code CMYK})
     * @param formats images per file format (such as {@code jpeg}, {@code png})
     */
    public record ImageStatistics(int readable, int skipped, int minWidth, int minHeight, int medianWidth,
            int medianHeight, int maxWidth, int maxHeight, Map<String, Integer> colourModes, Map<String, Integer> formats) {
        public ImageStatistics {
            colourModes = Map.copyOf(colourModes);
            formats = Map.copyOf(formats);
        }
    }

    /** Whether training can start: no finding is an error. */
    public boolean canTrain() {
        return count(Severity.ERROR) == 0;
    }

    /** The number of findings of a severity. */
    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** Readable images in all classes. */
    public int totalImages() {
        return classes.stream().mapToInt(ClassEntry::total).sum();
    }

    /** The findings about one file. */
    public List<Finding> findingsFor(String file) {
        return findings.stream().filter(f -> file.equals(f.file())).toList();
    }
}
