package dev.unfreeze.training.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport.Severity;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A CSV or TSV manifest: one row per image with its path (relative to the manifest, or absolute),
 * its label and optionally its split ({@code train}, {@code val}, {@code test}). A first row naming
 * the columns is recognised and may put them in any order.
 */
final class ManifestSource {
    private static final Set<String> PATH_HEADERS = Set.of("path", "file", "filename", "file_name", "filepath", "image",
            "image_path", "img");
    private static final Set<String> LABEL_HEADERS = Set.of("label", "class", "category", "class_name", "target", "y");
    private static final Set<String> SPLIT_HEADERS = Set.of("split", "subset", "set", "fold");

    private ManifestSource() {}

    static boolean isManifest(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".tsv");
    }

    static DatasetLayout read(Path manifest) {
        Path file = manifest.toAbsolutePath().normalize();
        Path base = file.getParent();
        char separator = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        List<List<String>> rows = rows(file, separator);
        if (rows.isEmpty()) {
            throw new UnfreezeException("the manifest " + manifest + " is empty; it needs one 'path,label' row per image");
        }
        int pathColumn = 0;
        int labelColumn = 1;
        int splitColumn = 2;
        int first = 0;
        List<String> head = rows.get(0).stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).toList();
        if (head.stream().anyMatch(PATH_HEADERS::contains) && head.stream().anyMatch(LABEL_HEADERS::contains)) {
            pathColumn = indexOf(head, PATH_HEADERS);
            labelColumn = indexOf(head, LABEL_HEADERS);
            splitColumn = indexOf(head, SPLIT_HEADERS);
            first = 1;
        }
        List<Finding> findings = new ArrayList<>();
        List<LabelledFile> files = new ArrayList<>();
        String name = file.getFileName().toString();
        for (int r = first; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.stream().allMatch(String::isBlank)) {
                continue;
            }
            String where = name + " row " + (r + 1);
            if (row.size() <= Math.max(pathColumn, labelColumn) || row.get(pathColumn).isBlank()
                    || row.get(labelColumn).isBlank()) {
                findings.add(new Finding(Severity.WARNING, "bad-row", where,
                        "needs a path and a label, separated by " + (separator == '\t' ? "a tab" : "a comma") + "; skipped"));
                continue;
            }
            Path image = base.resolve(row.get(pathColumn).trim()).normalize();
            Split split = Split.UNSPLIT;
            if (splitColumn >= 0 && splitColumn < row.size() && !row.get(splitColumn).isBlank()) {
                split = Split.named(row.get(splitColumn));
                if (split == null) {
                    findings.add(new Finding(Severity.WARNING, "bad-row", where, "the split '" + row.get(splitColumn)
                            + "' is not train, val or test; skipped"));
                    continue;
                }
            }
            if (!Files.exists(image)) {
                findings.add(new Finding(Severity.WARNING, "missing", FolderSource.relative(base, image),
                        "listed in " + where + " but there is no such file; skipped"));
                continue;
            }
            files.add(new LabelledFile(image, row.get(labelColumn).trim(), split));
        }
        return new DatasetLayout(file.toString(), file.toString(), "manifest", base, files, findings);
    }

    private static List<List<String>> rows(Path file, char separator) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).with(schema).readValues(file.toFile())) {
            List<List<String>> rows = new ArrayList<>();
            while (it.hasNextValue()) {
                rows.add(it.nextValue());
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            throw new UnfreezeException("cannot read the manifest " + file + ": " + e.getMessage(), e);
        }
    }

    private static int indexOf(List<String> header, Set<String> names) {
        for (int i = 0; i < header.size(); i++) {
            if (names.contains(header.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
