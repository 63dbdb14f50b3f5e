package dev.unfreeze.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.data.Split;
import dev.unfreeze.training.engine.StatisticsShift;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code data}: look at a dataset before training on it. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Work with datasets.",
        subcommands = {DataCommand.Inspect.class, AugmentCommand.class})
final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code data inspect SOURCE...}: the validation report. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Read every file of a dataset and report what will train and what will not.",
                "SOURCE is a folder of class folders (or with train/, val/, test/), a .zip or .tar.gz of one, "
                    + "a CSV/TSV manifest of path,label[,split], or several image files and folders (labelled by their folder).",
                "Exits with 1 when the dataset cannot train. Files are only read."})
    static final class Inspect implements Callable<Integer> {
        private static final int LISTED_PER_KIND = 20;

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "SOURCE")
        List<Path> sources;

        @Mixin

        JsonOption output;

        @Option(names = "--all", description = "List every finding (by default at most 20 of each kind).")
        boolean all;

        @Option(names = "--model", paramLabel = "MODEL", description = {"Also say how far the images are from what each "
                + "layer group of MODEL was trained on: its BatchNorm statistics against the same layers' statistics on "
                + "32 of the images (a Hellinger distance: 0 is the backbone's own kind of data, 1 nothing like it)."})
        String model;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean interactive = System.console() != null && !output.json;
            int[] shown = {-1};
            DatasetInspector.Inspection inspection = DatasetInspector.inspect(
                    Datasets.layout(sources, null, Output.workspace().cache()), p -> {
                        int percent = (int) (p * 100);
                        if (interactive && percent / 10 != shown[0]) {
                            shown[0] = percent / 10;
                            err.print("\rreading images " + percent + "%");
                            err.flush();
                        }
                    }, Output.workspace().cache());
            if (interactive) {
                err.print("\r                      \r");
                err.flush();
            }
            DatasetReport report = inspection.report();
            List<StatisticsShift.GroupShift> shift = null;
            if (model != null && report.canTrain()) {
                try {
                    List<Sample> samples = new ArrayList<>(inspection.samples(Split.TRAIN, Split.UNSPLIT));
                    samples.addAll(inspection.samples(Split.VAL));
                    shift = StatisticsShift.of(new ModelCatalog(Output.workspace()).resolve(model), inspection.classes(),
                            samples, 42);
                } catch (IOException e) {
                    throw new UnfreezeException("cannot measure the statistics' shift: " + e.getMessage(), e);
                }
            }
            if (output.json) {
                ObjectNode json = Json.mapper().valueToTree(report);
                if (shift != null) {
                    ObjectNode measured = json.putObject("statisticsShift");
                    measured.put("model", model);
                    measured.put("images", Math.min(StatisticsShift.IMAGES, report.totalImages()));
                    measured.set("groups", Json.mapper().valueToTree(shift));
                }
                Output.json(out, json);
            } else {
                print(out, report);
                if (shift != null) {
                    printShift(out, shift);
                }
            }
            return report.canTrain() ? 0 : 1;
        }

        private void print(PrintWriter out, DatasetReport r) {
            DatasetReport.ImageStatistics s = r.images();
            out.printf("Dataset      %s (%s)%n", r.source(), r.kind());
            if (!r.root().equals(r.source())) {
                out.printf("Read from    %s%n", r.root());
            }
            out.printf(Locale.ROOT, "Images       %d readable in %d classes; %d files skipped%n", r.totalImages(),
                    r.classes().size(), s.skipped());
            if (s.readable() > 0) {
                out.printf(Locale.ROOT, "Sizes        %dx%d to %dx%d, median %dx%d%n", s.minWidth(), s.minHeight(),
                        s.maxWidth(), s.maxHeight(), s.medianWidth(), s.medianHeight());
                out.printf("Colour       %s%n", counts(s.colourModes()));
                out.printf("Formats      %s%n", counts(s.formats()));
            }
            out.printf(Locale.ROOT, "Imbalance    %.1f (largest class / smallest)%n", r.imbalance());
            out.printf("Fingerprint  %s%n%n", r.fingerprint());
            int width = Math.max(5, r.classes().stream().mapToInt(c -> c.name().length()).max().orElse(5));
            out.printf(Locale.ROOT, "%-" + width + "s  %6s  %5s  %5s  %6s%n", "Class", "train", "val", "test", "weight");
            for (ClassEntry c : r.classes()) {
                out.printf(Locale.ROOT, "%-" + width + "s  %6d  %5d  %5d  %6.2f%n", c.name(), c.train(), c.val(), c.test(),
                        c.suggestedWeight());
            }
            if (!r.findings().isEmpty()) {
                out.printf(Locale.ROOT, "%nFindings: %d error(s), %d warning(s), %d note(s)%n", r.count(DatasetReport.Severity.ERROR),
                        r.count(DatasetReport.Severity.WARNING), r.count(DatasetReport.Severity.INFO));
                Map<String, List<Finding>> byKind = r.findings().stream()
                        .collect(Collectors.groupingBy(Finding::kind, LinkedHashMap::new, Collectors.toList()));
                for (List<Finding> kind : byKind.values()) {
                    List<Finding> listed = all ? kind : kind.stream().limit(LISTED_PER_KIND).toList();
                    for (Finding f : listed) {
                        out.printf("  %-7s  %s%s%n", f.severity().name().toLowerCase(Locale.ROOT),
                                f.file() == null ? "" : f.file() + ": ", f.message());
                    }
                    if (listed.size() < kind.size()) {
                        out.printf("           ... and %d more like this (--all lists them)%n", kind.size() - listed.size());
                    }
                }
            }
            long crossing = r.duplicates().stream().filter(d -> d.acrossClasses() || d.acrossSplits()).count();
            if (!r.duplicates().isEmpty()) {
                out.printf(Locale.ROOT, "%nDuplicates: %d set(s) of identical files, %d crossing classes or splits%n",
                        r.duplicates().size(), crossing);
            }
            out.println();
            out.println(r.canTrain() ? "Ready to train." : "Cannot train until the errors above are fixed.");
            out.flush();
        }

        private void printShift(PrintWriter out, List<StatisticsShift.GroupShift> shift) {
            out.printf(Locale.ROOT, "%nHow far the images are from %s's own data, per layer group (BatchNorm statistics, "
                    + "Hellinger distance: 0 the same, 1 nothing alike):%n", model);
            int width = shift.stream().mapToInt(g -> g.group().length()).max().orElse(5);
            for (StatisticsShift.GroupShift g : shift) {
                if (Double.isNaN(g.shift())) {
                    out.printf(Locale.ROOT, "  %-" + width + "s     -  (no BatchNorm)%n", g.group());
                } else {
                    out.printf(Locale.ROOT, "  %-" + width + "s %5.2f  %s%n", g.group(), g.shift(),
                            "#".repeat((int) Math.round(g.shift() * 40)));
                }
            }
            double atInput = StatisticsShift.atInput(shift);
            if (!Double.isNaN(atInput)) {
                out.printf(Locale.ROOT, atInput >= StatisticsShift.FOREIGN_AT_INPUT
                        ? "At its input the images are unlike %s's pictures (%.2f, from %.2f): where its folds cannot tell"
                                + " them apart, the automatic plan prefers fine-tuning the whole network to BitFit.%n"
                        : "At its input the images are like %s's pictures (%.2f, under %.2f): where its folds cannot tell"
                                + " them apart, the automatic plan prefers BitFit to fine-tuning the whole network.%n",
                        model, atInput, StatisticsShift.FOREIGN_AT_INPUT);
            }
            out.flush();
        }

        private static String counts(Map<String, Integer> counts) {
            return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        }
    }
}
