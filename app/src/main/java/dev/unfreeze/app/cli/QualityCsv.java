package dev.unfreeze.app.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table {@code bench quality} writes into its runs folder ({@code quality.csv}): one line per task and seed, or
 * with {@code --oracle} one per candidate trained alone, the chosen plan's figures repeated on each.
 */
final class QualityCsv {
    static final String NAME = "quality.csv";
    static final String HEADER = "task,seed,plan,test,seconds,first_model_seconds,model_seconds,"
            + "candidate,candidate_test,candidate_seconds";

    private QualityCsv() {}

    /** The oracle's draws in {@code table} (a quality.csv, or the runs folder that holds one), in the order they ran. */
    static List<OracleRegret.Draw> oracleDraws(Path table) throws IOException {
        Path csv = Files.isDirectory(table) ? table.resolve(NAME) : table;
        if (!Files.isRegularFile(csv)) {
            throw new UnfreezeException(csv + " is missing: give a runs folder of `bench quality --oracle` or its " + NAME);
        }
        Map<String, OracleRegret.Draw> draws = new LinkedHashMap<>();
        int line = 1;
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                line++;
                String candidate = row.getOrDefault("candidate", "").trim();
                if (candidate.isEmpty()) {
                    continue;
                }
                String task = field(row, "task", csv, line);
                long seed = Long.parseLong(field(row, "seed", csv, line));
                OracleRegret.Draw before = draws.get(task + "#" + seed);
                Map<String, Double> candidates = new LinkedHashMap<>(before == null ? Map.of() : before.candidates());
                candidates.put(candidate, Double.parseDouble(field(row, "candidate_test", csv, line)));
                draws.put(task + "#" + seed, new OracleRegret.Draw(task, seed, field(row, "plan", csv, line),
                        Double.parseDouble(field(row, "test", csv, line)), candidates));
            }
        } catch (RuntimeJsonMappingException | NumberFormatException e) {
            throw new UnfreezeException(csv + ", line " + line + ": expected " + HEADER + " ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        // the runs' answers on each test image, where their folders are still beside the table
        Path runs = csv.toAbsolutePath().getParent();
        List<OracleRegret.Draw> read = new ArrayList<>();
        for (OracleRegret.Draw d : draws.values()) {
            read.add(d.withAnswers(OracleAnswers.read(runs, d.task(), d.seed(), d.chosen(), d.candidates().keySet())));
        }
        return read;
    }

    private static String field(Map<String, String> row, String name, Path csv, int line) {
        String value = row.get(name);
        if (value == null || value.isBlank()) {
            throw new UnfreezeException(csv + ", line " + line + ": no " + name + " (expected " + HEADER + ")");
        }
        return value.trim();
    }
}
