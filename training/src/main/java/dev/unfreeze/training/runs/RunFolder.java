package dev.unfreeze.training.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.data.Sample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One run's folder: {@code recipe.json} (what ran), {@code run.json} (classes, base model, dataset
 * fingerprint and the exact file split), {@code events.jsonl} (every event, appended) and
 * {@code checkpoints/}.
 */
public final class RunFolder {
    private static final ObjectMapper JSON = Json.mapper();

    private final Path dir;
    private BufferedWriter events;

    public RunFolder(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    public Path recipeFile() {
        return dir.resolve("recipe.json");
    }

    public Path infoFile() {
        return dir.resolve("run.json");
    }

    public Path eventsFile() {
        return dir.resolve("events.jsonl");
    }

    public Path lastCheckpoint() {
        return dir.resolve("checkpoints").resolve("last.ckpt");
    }

    public Path bestCheckpoint() {
        return dir.resolve("checkpoints").resolve("best.ckpt");
    }

    /** Creates the folder and saves the recipe that runs in it. */
    public void create(Recipe recipe) throws IOException {
        Files.createDirectories(dir.resolve("checkpoints"));
        RecipeCodec.write(recipe, recipeFile());
    }

    public Recipe recipe() {
        try {
            return RecipeCodec.read(recipeFile());
        } catch (IOException e) {
            throw new UnfreezeException("the folder " + dir + " is not a run: " + e.getMessage(), e);
        }
    }

    public void writeInfo(RunInfo info) throws IOException {
        Json.indented().writeValue(infoFile().toFile(), info);
    }

    public RunInfo info() {
        try {
            return JSON.readValue(infoFile().toFile(), RunInfo.class);
        } catch (IOException e) {
            throw new UnfreezeException("the run " + dir + " has no readable run.json: " + e.getMessage(), e);
        }
    }

    /** Appends an event; epoch and terminal events are flushed to disk at once. */
    public synchronized void append(TrainingEvent event) throws IOException {
        if (events == null) {
            boolean tornLine = endsWithoutNewline(eventsFile());
            events = Files.newBufferedWriter(eventsFile(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (tornLine) {
                // A process killed mid-write left half a line; start ours on a line of its own.
                events.newLine();
            }
        }
        events.write(EventJson.write(event));
        events.newLine();
        if (!(event instanceof TrainingEvent.BatchDone)) {
            events.flush();
        }
    }

    /**
     * Drops every event after the given epoch (and any end-of-run event), so that a resumed run's
     * events continue the log without duplicate or missing points. The log is rewritten atomically.
     */
    public synchronized void truncateAfterEpoch(int lastKeptEpoch) throws IOException {
        close();
        List<String> kept = new ArrayList<>();
        for (TrainingEvent e : events()) {
            if (!e.terminal() && epochOf(e) <= lastKeptEpoch) {
                kept.add(EventJson.write(e));
            }
        }
        Path tmp = eventsFile().resolveSibling("events.jsonl.tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, eventsFile(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static int epochOf(TrainingEvent e) {
        if (e instanceof TrainingEvent.BatchDone b) {
            return b.epoch();
        } else if (e instanceof TrainingEvent.EpochDone d) {
            return d.epoch();
        } else if (e instanceof TrainingEvent.GroupThawed t) {
            return t.epoch();
        } else if (e instanceof TrainingEvent.CheckpointSaved c) {
            return c.epoch();
        }
        return Integer.MIN_VALUE;
    }

    private static boolean endsWithoutNewline(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return false;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(raf.length() - 1);
            return raf.read() != '\n';
        }
    }

    /** Writes the dataset's validation report as it was when the run started ({@code dataset-report.json}). */
    public void writeDatasetReport(DatasetReport report) throws IOException {
        Path tmp = dir.resolve("dataset-report.json.tmp");
        Json.indented().writeValue(tmp.toFile(), report);
        Files.move(tmp, dir.resolve("dataset-report.json"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The automatic plan's leaderboard, when the run searched for its plan. */
    public Path planFile() {
        return dir.resolve("plan.json");
    }

    /** The automatic plan's leaderboard, or null when the run did not search. */
    public PlanReport plan() {
        try {
            return Files.exists(planFile()) ? PlanJson.read(Files.readString(planFile())) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Every held-out answer of the plan search's runs ({@code candidate,stage,fold,image,actual,predicted,confidence};
     * stage {@code screening} or {@code fold}), so that its choices can be studied image by image afterwards.
     */
    public Path planAnswersFile() {
        return dir.resolve("plan-answers.csv");
    }

    /** Writes the plan search's answers: one row per candidate, stage, fold and held-out image. */
    public void writePlanAnswers(List<List<String>> rows) throws IOException {
        List<List<String>> all = new ArrayList<>();
        all.add(List.of("candidate", "stage", "fold", "image", "actual", "predicted", "confidence"));
        all.addAll(rows);
        Path tmp = dir.resolve("plan-answers.csv.tmp");
        new CsvMapper().writerFor(List.class).with(CsvSchema.emptySchema()).writeValue(tmp.toFile(), all);
        Files.move(tmp, planAnswersFile(), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The best weights' results on the dataset's test part, when it has one. */
    public Path testMetricsFile() {
        return dir.resolve("test-metrics.json");
    }

    /** The exact split of a run, as a manifest. */
    public Path splitFile() {
        return dir.resolve("split.csv");
    }

    /**
     * Writes the exact split as a manifest ({@code path,label,split}, absolute paths), so that
     * {@code train --data split.csv} trains on exactly these files again.
     */
    public void writeSplit(List<Sample> train, List<Sample> val, List<Sample> test, List<String> classes)
            throws IOException {
        CsvMapper csv = new CsvMapper();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("path", "label", "split"));
        train.forEach(s -> rows.add(List.of(s.file().toAbsolutePath().toString(), classes.get(s.label()), "train")));
        val.forEach(s -> rows.add(List.of(s.file().toAbsolutePath().toString(), classes.get(s.label()), "val")));
        test.forEach(s -> rows.add(List.of(s.file().toAbsolutePath().toString(), classes.get(s.label()), "test")));
        Path tmp = dir.resolve("split.csv.tmp");
        csv.writerFor(List.class).with(CsvSchema.emptySchema()).writeValue(tmp.toFile(), rows);
        Files.move(tmp, splitFile(), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The best epoch's prediction for every validation image. */
    public Path predictionsFile() {
        return dir.resolve("val-predictions.json");
    }

    /** The final weights' prediction for every image of the dataset's test part, when it has one. */
    public Path testPredictionsFile() {
        return dir.resolve("test-predictions.json");
    }

    /** Saves the best epoch's validation predictions (replacing the previous best's), atomically. */
    public void writePredictions(List<ValidationPrediction> predictions) throws IOException {
        write(predictionsFile(), predictions);
    }

    /** Saves the test part's predictions of the weights whose test result the run reports, atomically. */
    public void writeTestPredictions(List<ValidationPrediction> predictions) throws IOException {
        write(testPredictionsFile(), predictions);
    }

    /** The saved validation predictions; empty before the first epoch ends. */
    public List<ValidationPrediction> predictions() {
        return read(predictionsFile());
    }

    /** The saved test predictions; empty for a dataset without a test part or before the run's end. */
    public List<ValidationPrediction> testPredictions() {
        return read(testPredictionsFile());
    }

    private static void write(Path file, List<ValidationPrediction> predictions) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Json.indented().writeValue(tmp.toFile(), predictions);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<ValidationPrediction> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(file.toFile(), ValidationPrediction[].class));
        } catch (IOException e) {
            throw new UnfreezeException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the worker process that wrote {@code worker.pid} in this folder is still alive. */
    public boolean workerAlive() {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("worker.pid")).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Closes the event log. */
    public synchronized void close() throws IOException {
        if (events != null) {
            events.close();
            events = null;
        }
    }

    /** Every event recorded so far, skipping a torn last line. */
    public List<TrainingEvent> events() throws IOException {
        List<TrainingEvent> result = new ArrayList<>();
        if (!Files.isRegularFile(eventsFile())) {
            return result;
        }
        for (String line : Files.readAllLines(eventsFile(), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                try {
                    result.add(EventJson.read(line));
                } catch (IOException e) {
                    // A line cut short by a crash; everything before it is intact.
                }
            }
        }
        return result;
    }
}
