package dev.unfreeze.app.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One task of the quality benchmark, as listed in {@code bench/data/tasks.csv} (which the PyTorch peer
 * reads too): a folder with {@code train/} and {@code test/}, how many training images per class it takes,
 * and which classes.
 *
 * @param perClass the first N training images of each class (0: all)
 * @param classes the classes it takes (empty: all)
 * @param kind what kind of task it is, in words
 */
record BenchTask(String name, String folder, int perClass, List<String> classes, String kind) {
    static final String LIST = "tasks.csv";

    /** The tasks listed in {@code data}'s tasks.csv. */
    static List<BenchTask> read(Path data) throws IOException {
        Path list = data.resolve(LIST);
        if (!Files.isRegularFile(list)) {
            throw new UnfreezeException(list + " is missing; build the data with bench/make_data.py");
        }
        List<BenchTask> tasks = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(list.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String classes = row.getOrDefault("classes", "").trim();
                int perClass = Integer.parseInt(row.getOrDefault("per_class", "").trim());
                tasks.add(new BenchTask(row.get("name"), row.get("folder"), perClass,
                        classes.isEmpty() ? List.of() : Arrays.stream(classes.split(";")).map(String::trim).toList(),
                        row.getOrDefault("kind", "")));
            }
        } catch (RuntimeJsonMappingException | NumberFormatException e) {
            // A hand-edited list: say which line and what is expected rather than where the parser stopped.
            throw new UnfreezeException(list + ", task " + (tasks.size() + 1) + ": expected name,folder,per_class,classes,kind"
                    + " (classes separated by ';', no comma in the kind): " + e.getMessage().lines().findFirst().orElse(""));
        }
        return tasks;
    }

    /** Writes a manifest (path, label, split) of this task's training and test images into {@code dir}. */
    Path writeManifest(Path data, Path dir) throws IOException {
        Path root = data.resolve(folder).toAbsolutePath();
        if (!Files.isDirectory(root.resolve("train"))) {
            throw new UnfreezeException(root.resolve("train") + " is missing; build the data with bench/make_data.py");
        }
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("path,label,split\n");
        for (String part : List.of("train", "test")) {
            try (Stream<Path> classDirs = Files.list(root.resolve(part))) {
                for (Path classDir : classDirs.filter(Files::isDirectory).sorted().toList()) {
                    if (!classes.isEmpty() && !classes.contains(classDir.getFileName().toString())) {
                        continue;
                    }
                    try (Stream<Path> files = Files.list(classDir)) {
                        List<Path> images = files.sorted().toList();
                        int n = part.equals("train") && perClass > 0 ? Math.min(perClass, images.size()) : images.size();
                        for (Path image : images.subList(0, n)) {
                            csv.append('"').append(image).append("\",\"").append(classDir.getFileName()).append("\",")
                                    .append(part).append('\n');
                        }
                    }
                }
            }
        }
        Path manifest = dir.resolve(name + ".csv");
        Files.writeString(manifest, csv, StandardCharsets.UTF_8);
        return manifest;
    }
}
