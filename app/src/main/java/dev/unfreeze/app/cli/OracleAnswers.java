package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each candidate of one oracle draw answered on every test image, read from the run folders that `bench quality
 * --oracle` leaves beside its table: the chosen plan's final run in {@code default/}, each other candidate's in
 * {@code oracle-NAME/}.
 */
final class OracleAnswers {
    private OracleAnswers() {}

    /**
     * For each candidate whose run folder holds test answers, whether it got each test image (by file) right; empty
     * when the folders are gone (a table copied on its own).
     *
     * @param runs the folder that holds the table
     */
    static Map<String, Map<String, Boolean>> read(Path runs, String task, long seed, String chosen, Set<String> candidates) {
        Path perSeed = runs.resolve(task).resolve("seed-" + seed);
        Path taskDir = Files.isDirectory(perSeed) ? perSeed : runs.resolve(task);
        Map<String, Map<String, Boolean>> answers = new LinkedHashMap<>();
        for (String candidate : candidates) {
            Path dir = taskDir.resolve(candidate.equals(chosen) ? "default" : "oracle-" + candidate.replace(':', '-'));
            List<ValidationPrediction> predictions = new RunFolder(dir).testPredictions();
            if (!predictions.isEmpty()) {
                answers.put(candidate, predictions.stream().collect(Collectors.toMap(ValidationPrediction::file,
                        p -> !p.wrong(), (a, b) -> a, LinkedHashMap::new)));
            }
        }
        return answers;
    }
}
