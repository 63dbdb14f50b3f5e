package dev.unfreeze.ui.data;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The dataset's validation report, problems first: a verdict, the facts (source, sizes, colour
 * modes, imbalance, fingerprint), and one expandable section per kind of finding listing its files.
 */
final class DatasetReportPanel extends VBox {
    private static final int LISTED = 200;
    private static final Map<String, String> TITLES = Map.ofEntries(Map.entry("unreadable", "damaged or unreadable files"),
            Map.entry("not-an-image", "files that are not images"), Map.entry("empty-file", "empty files"),
            Map.entry("too-large", "images too large to read"), Map.entry("misnamed", "images with the wrong extension"),
            Map.entry("missing", "manifest rows without a file"), Map.entry("bad-row", "manifest rows that cannot be read"),
            Map.entry("refused-entry", "archive entries refused"), Map.entry("link-loop", "folder links that loop"),
            Map.entry("unlabelled", "files outside any class folder"), Map.entry("empty-class", "empty classes"),
            Map.entry("few-images", "classes with too few images"), Map.entry("too-few-classes", "too few classes"),
            Map.entry("imbalance", "imbalanced classes"), Map.entry("duplicate-across-classes", "the same image in two classes"),
            Map.entry("duplicate-across-splits", "the same image in training and validation"),
            Map.entry("duplicate", "identical files"));

    private final Label verdict = new Label();
    private final GridPane facts = new GridPane();
    private final VBox findings = new VBox(4);

    DatasetReportPanel() {
        super(8);
        verdict.getStyleClass().add("verdict");
        verdict.setWrapText(true);
        facts.setHgap(12);
        facts.setVgap(2);
        getChildren().addAll(verdict, facts, findings);
    }

    void show(DatasetReport report) {
        long errors = report.count(Severity.ERROR);
        long warnings = report.count(Severity.WARNING);
        verdict.getStyleClass().removeAll("verdict-ok", "verdict-error");
        verdict.getStyleClass().add(report.canTrain() ? "verdict-ok" : "verdict-error");
        verdict.setText(report.canTrain()
                ? String.format(Locale.ROOT, "Ready to train: %d images in %d classes%s.", report.totalImages(),
                        report.classes().size(), warnings == 0 ? "" : "; " + warnings + " warning(s) below")
                : String.format(Locale.ROOT, "Cannot train yet: %d problem(s) to fix first (below).", errors));
        DatasetReport.ImageStatistics s = report.images();
        facts.getChildren().clear();
        int row = 0;
        row = fact(row, "Source", report.source() + " (" + report.kind() + ")");
        row = fact(row, "Images", String.format(Locale.ROOT, "%d readable, %d skipped", s.readable(), s.skipped()));
        if (s.readable() > 0) {
            row = fact(row, "Sizes", String.format(Locale.ROOT, "%dx%d to %dx%d, median %dx%d", s.minWidth(), s.minHeight(),
                    s.maxWidth(), s.maxHeight(), s.medianWidth(), s.medianHeight()));
            row = fact(row, "Colour", counts(s.colourModes()) + "; formats: " + counts(s.formats()));
        }
        row = fact(row, "Balance", String.format(Locale.ROOT, "largest class / smallest = %.1f; suggested weights %s",
                report.imbalance(), report.classes().stream().map(c -> c.name() + " " + c.suggestedWeight())
                        .limit(6).collect(Collectors.joining(", ")) + (report.classes().size() > 6 ? ", ..." : "")));
        fact(row, "Fingerprint", report.fingerprint());

        findings.getChildren().clear();
        Map<String, List<Finding>> byKind = report.findings().stream()
                .collect(Collectors.groupingBy(Finding::kind, LinkedHashMap::new, Collectors.toList()));
        for (var e : byKind.entrySet()) {
            findings.getChildren().add(section(e.getKey(), e.getValue()));
        }
    }

    private TitledPane section(String kind, List<Finding> list) {
        Severity severity = list.get(0).severity();
        VBox lines = new VBox(2);
        list.stream().limit(LISTED).forEach(f -> {
            Label line = new Label((f.file() == null ? "" : f.file() + ": ") + f.message());
            line.setWrapText(true);
            lines.getChildren().add(line);
        });
        if (list.size() > LISTED) {
            lines.getChildren().add(new Label("... and " + (list.size() - LISTED) + " more (the command line lists all)"));
        }
        String word = switch (severity) {
            case ERROR -> "Error";
            case WARNING -> "Warning";
            case INFO -> "Note";
        };
        TitledPane pane = new TitledPane(word + ": " + TITLES.getOrDefault(kind, kind) + " (" + list.size() + ")", lines);
        pane.setExpanded(severity == Severity.ERROR);
        pane.setAnimated(false);
        pane.getStyleClass().add("finding-" + severity.name().toLowerCase(Locale.ROOT));
        return pane;
    }

    private int fact(int row, String name, String value) {
        Label key = new Label(name);
        key.getStyleClass().add("hint");
        Label text = new Label(value);
        text.setWrapText(true);
        facts.addRow(row, key, text);
        return row + 1;
    }

    private static String counts(Map<String, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
