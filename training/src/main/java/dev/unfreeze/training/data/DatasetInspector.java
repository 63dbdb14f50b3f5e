package dev.unfreeze.training.data;

import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import dev.unfreeze.training.api.DatasetReport.DuplicateSet;
import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport.ImageStatistics;
import dev.unfreeze.training.api.DatasetReport.Severity;
import dev.unfreeze.training.api.DatasetReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads every file a dataset source lists (on all cores), and reports what will train and what
 * will not: unreadable, damaged, oversized and non-image files with their reasons, empty and tiny
 * classes, duplicates by content, imbalance with balancing weights, and a fingerprint. Files are only
 * read.
 */
public final class DatasetInspector {
    /** Files larger than this are not read into memory. */
    static final long MAX_FILE_BYTES = 512L << 20;
    private static final int SAMPLES_PER_CLASS = 6;

    private DatasetInspector() {}

    /**
     * The report, and the files that will train.
     *
     * @param report what was found
     * @param usable the readable images of the classes that train, in the layout's order
     * @param classes the class names that train, sorted
     */
    public record Inspection(DatasetReport report, List<LabelledFile> usable, List<String> classes) {
        /** The usable files of some splits as samples labelled by class index. */
        public List<Sample> samples(Split... splits) {
            List<Split> wanted = List.of(splits);
            return usable.stream().filter(f -> wanted.contains(f.split()))
                    .map(f -> new Sample(f.file(), classes.indexOf(f.label()))).toList();
        }
    }

    private record Checked(LabelledFile file, ImageFiles.Header header, String sha256, long size, Finding problem) {}

    /** The file, in a workspace's cache folder, where the images found readable are recorded. */
    static final String CHECKED_IMAGES = "checked-images-1.json"; // a new number when the check itself changes

    /** Inspects a layout, reporting progress (0 to 1) from the threads doing the work; every file is decoded. */
    public static Inspection inspect(DatasetLayout layout, DoubleConsumer progress) {
        return inspect(layout, progress, CheckedImages.none());
    }

    /**
     * Inspects a layout, decoding only the files that are new or changed since the workspace last found them
     * readable (see {@link CheckedImages}).
     *
     * @param workspaceCache the workspace's cache folder
     */
    public static Inspection inspect(DatasetLayout layout, DoubleConsumer progress, Path workspaceCache) {
        CheckedImages checkedBefore = CheckedImages.load(workspaceCache.resolve(CHECKED_IMAGES));
        Inspection inspection = inspect(layout, progress, checkedBefore);
        checkedBefore.save();
        return inspection;
    }

    private static Inspection inspect(DatasetLayout layout, DoubleConsumer progress, CheckedImages checkedBefore) {
        List<LabelledFile> files = layout.files();
        Checked[] checked = new Checked[files.size()];
        AtomicInteger done = new AtomicInteger();
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            pool.submit(() -> IntStream.range(0, files.size()).parallel().forEach(i -> {
                checked[i] = check(layout, files.get(i), checkedBefore);
                int n = done.incrementAndGet();
                if (n % 16 == 0 || n == files.size()) {
                    progress.accept((double) n / files.size());
                }
            })).join();
        } finally {
            pool.shutdown();
        }
        return summarise(layout, List.of(checked));
    }

    private static Checked check(DatasetLayout layout, LabelledFile file, CheckedImages checkedBefore) {
        String name = layout.relative(file.file());
        try {
            BasicFileAttributes attributes = Files.readAttributes(file.file(),
                    BasicFileAttributes.class);
            long size = attributes.size();
            if (size > MAX_FILE_BYTES) {
                return problem(file, new Finding(Severity.WARNING, "too-large", name,
                        "the file is " + (size >> 20) + " MiB; image files over " + (MAX_FILE_BYTES >> 20) + " MiB are skipped"));
            }
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            CheckedImages.Entry before = checkedBefore.find(file.file(), size, modified);
            if (before != null) {
                return new Checked(file, before.header(), before.sha256(), size, null);
            }
            byte[] content = Files.readAllBytes(file.file());
            ImageFiles.Header header = ImageFiles.check(content);
            String sha256 = sha256(content);
            checkedBefore.remember(file.file(), size, modified, header, sha256);
            return new Checked(file, header, sha256, size, null);
        } catch (ImageFiles.Unusable e) {
            checkedBefore.forget(file.file());
            String kind = e.kind();
            if (kind.equals("not-an-image") && !ImageFiles.hasImageExtension(file.file())) {
                return problem(file, new Finding(Severity.WARNING, kind, name, "not an image file; skipped"));
            }
            return problem(file, new Finding(Severity.WARNING, kind, name, e.getMessage() + "; skipped"));
        } catch (IOException e) {
            return problem(file, new Finding(Severity.WARNING, "unreadable", name, FolderWalker.reason(e) + "; skipped"));
        }
    }

    private static Checked problem(LabelledFile file, Finding finding) {
        return new Checked(file, null, null, 0, finding);
    }

    private static Inspection summarise(DatasetLayout layout, List<Checked> checked) {
        List<Finding> findings = new ArrayList<>(layout.findings());
        List<Checked> readable = new ArrayList<>();
        for (Checked c : checked) {
            if (c.problem() != null) {
                findings.add(c.problem());
                continue;
            }
            readable.add(c);
            String promised = ImageFiles.formatOfExtension(c.file().file());
            if (promised != null && !promised.equals(c.header().format())) {
                String name = c.file().file().getFileName().toString();
                findings.add(new Finding(Severity.INFO, "misnamed", layout.relative(c.file().file()),
                        "is a " + c.header().format().toUpperCase(Locale.ROOT) + " file named ." + name.substring(name.lastIndexOf('.') + 1)
                                + "; read as " + c.header().format().toUpperCase(Locale.ROOT)));
            }
        }
        // classes: every label the source names; those without readable images are skipped
        Map<String, List<Checked>> byClass = new TreeMap<>();
        layout.files().forEach(f -> byClass.putIfAbsent(f.label(), new ArrayList<>()));
        readable.forEach(c -> byClass.get(c.file().label()).add(c));
        List<String> classes = new ArrayList<>();
        for (var e : byClass.entrySet()) {
            if (e.getValue().isEmpty()) {
                findings.add(new Finding(Severity.WARNING, "empty-class", null,
                        "the class '" + e.getKey() + "' has no readable images; skipped"));
            } else {
                classes.add(e.getKey());
            }
        }
        List<Checked> usable = readable.stream().filter(c -> classes.contains(c.file().label())).toList();
        // balance and size are judged on the images that train: a dataset's own validation and test parts train nothing
        int trainingTotal = classes.stream().mapToInt(name -> training(byClass.get(name))).sum();
        List<ClassEntry> entries = new ArrayList<>();
        for (String name : classes) {
            List<Checked> of = byClass.get(name);
            int train = training(of);
            int val = count(of, Split.VAL);
            double weight = train == 0 ? 0 : Math.round(100.0 * trainingTotal / (classes.size() * (double) train)) / 100.0;
            int test = count(of, Split.TEST);
            entries.add(new ClassEntry(name, train, val, test, weight,
                    of.stream().limit(SAMPLES_PER_CLASS).map(c -> layout.relative(c.file().file())).toList()));
            ClassSize.finding(name, train, val, test, of.size()).ifPresent(findings::add);
        }
        if (classes.size() < 2) {
            findings.add(new Finding(Severity.ERROR, "too-few-classes", null, "found " + classes.size()
                    + " class(es) with readable images; a classifier needs at least two (one folder or label per class)"));
        }
        double imbalance = imbalance(entries);
        if (imbalance >= 3) {
            ClassEntry largest = entries.stream().max(Comparator.comparingInt(ClassEntry::train)).orElseThrow();
            ClassEntry smallest = entries.stream().min(Comparator.comparingInt(ClassEntry::train)).orElseThrow();
            findings.add(new Finding(Severity.WARNING, "imbalance", null, String.format(Locale.ROOT,
                    "the classes are imbalanced: '%s' has %d training images, '%s' %d (%.1f times); the suggested class"
                            + " weights balance them", largest.name(), largest.train(), smallest.name(), smallest.train(),
                    imbalance)));
        }
        List<DuplicateSet> duplicates = duplicates(layout, usable, findings);
        findings.sort(Comparator.comparing(Finding::severity).thenComparing(f -> f.file() == null ? "" : f.file()));
        DatasetReport report = new DatasetReport(layout.source(), layout.location(), layout.kind(), layout.root().toString(), entries, findings,
                duplicates, statistics(usable, checked.size() - usable.size()), imbalance, fingerprint(layout, usable));
        return new Inspection(report, usable.stream().map(Checked::file).toList(), List.copyOf(classes));
    }

    private static List<DuplicateSet> duplicates(DatasetLayout layout, List<Checked> usable, List<Finding> findings) {
        Map<String, List<Checked>> byHash = usable.stream()
                .collect(Collectors.groupingBy(Checked::sha256, LinkedHashMap::new, Collectors.toList()));
        List<DuplicateSet> sets = new ArrayList<>();
        for (var e : byHash.entrySet()) {
            List<Checked> same = e.getValue();
            if (same.size() < 2) {
                continue;
            }
            List<String> names = same.stream().map(c -> layout.relative(c.file().file())).toList();
            boolean acrossClasses = same.stream().map(c -> c.file().label()).distinct().count() > 1;
            boolean acrossSplits = same.stream().map(c -> c.file().split()).distinct().count() > 1;
            sets.add(new DuplicateSet(e.getKey(), names, acrossClasses, acrossSplits));
            String list = String.join(", ", names);
            if (acrossClasses) {
                findings.add(new Finding(Severity.WARNING, "duplicate-across-classes", names.get(0),
                        "the same image carries different classes (" + same.stream().map(c -> "'" + c.file().label() + "'")
                                .distinct().collect(Collectors.joining(" and ")) + "): " + list));
            }
            if (acrossSplits) {
                findings.add(new Finding(Severity.WARNING, "duplicate-across-splits", names.get(0),
                        "the same image is in more than one of train, validation and test, which flatters the"
                                + " validation scores: " + list));
            }
            if (!acrossClasses && !acrossSplits) {
                findings.add(new Finding(Severity.INFO, "duplicate", names.get(0), "identical files: " + list));
            }
        }
        return sets;
    }

    private static ImageStatistics statistics(List<Checked> usable, int skipped) {
        int[] widths = usable.stream().mapToInt(c -> c.header().width()).sorted().toArray();
        int[] heights = usable.stream().mapToInt(c -> c.header().height()).sorted().toArray();
        Map<String, Integer> modes = new TreeMap<>();
        Map<String, Integer> formats = new TreeMap<>();
        for (Checked c : usable) {
            modes.merge(c.header().colourMode(), 1, Integer::sum);
            formats.merge(c.header().format(), 1, Integer::sum);
        }
        if (widths.length == 0) {
            return new ImageStatistics(0, skipped, 0, 0, 0, 0, 0, 0, modes, formats);
        }
        int mid = widths.length / 2;
        return new ImageStatistics(widths.length, skipped, widths[0], heights[0], widths[mid], heights[mid],
                widths[widths.length - 1], heights[heights.length - 1], modes, formats);
    }

    private static double imbalance(List<ClassEntry> entries) {
        int max = entries.stream().mapToInt(ClassEntry::train).max().orElse(0);
        int min = entries.stream().mapToInt(ClassEntry::train).min().orElse(0);
        return min == 0 ? 1 : Math.round(10.0 * max / min) / 10.0;
    }

    /** A hash over relative paths, sizes and labels: equal for two copies of the same data anywhere. */
    private static String fingerprint(DatasetLayout layout, List<Checked> usable) {
        MessageDigest digest = digest();
        usable.stream()
                .map(c -> layout.relative(c.file().file()) + "\t" + c.size() + "\t" + c.file().label() + "\t" + c.file().split().word() + "\n")
                .sorted()
                .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
        return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    /** The images of a class that train: its training part, or all of them when the source has no split. */
    private static int training(List<Checked> of) {
        return count(of, Split.TRAIN) + count(of, Split.UNSPLIT);
    }

    private static int count(List<Checked> of, Split split) {
        return (int) of.stream().filter(c -> c.file().split() == split).count();
    }

    private static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
