package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.export.ExportedModel;
import dev.unfreeze.training.export.ModelExporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training takes every kind of source, and the user's files come out of import, training and export
 * byte-for-byte as they went in, with the same names and no files added or removed.
 */
class DatasetSourcesTrainTest {
    @TempDir
    Path dir;

    @Test
    void aZipAndAManifestTrainAndTheSourceFolderIsUntouched() throws Exception {
        Path source = dir.resolve("my data");
        copyTree(TestData.fashionSample(), source.resolve("images"));
        Path zip = source.resolve("images.zip");
        zipTree(source.resolve("images"), zip);
        Path manifest = source.resolve("labels.csv");
        StringBuilder csv = new StringBuilder("path,label\n");
        try (Stream<Path> files = Files.walk(source.resolve("images"))) {
            files.filter(Files::isRegularFile).sorted().forEach(f -> csv.append('"')
                    .append(source.relativize(f).toString().replace('\\', '/')).append("\",\"")
                    .append(f.getParent().getFileName()).append(" (labelled)\"\n"));
        }
        Files.writeString(manifest, csv, StandardCharsets.UTF_8);
        TreeMap<String, String> before = hashes(source);

        Path workspace = dir.resolve("workspace");
        Recipe base = TestData.smallCnnRecipe("feature-extraction", 1);
        Path zipRun = dir.resolve("runs/zip");
        List<TrainingEvent> fromZip = TestData.runToEnd(TestData.service(workspace)
                .start(base.withData(new Recipe.Data(zip.toString(), null, 0.2, 0, null)), zipRun));
        assertThat(fromZip.get(fromZip.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        TrainingEvent.RunStarted started = TestData.started(fromZip);
        assertThat(started.trainImages() + started.valImages()).isEqualTo(100);

        Path manifestRun = dir.resolve("runs/manifest");
        List<TrainingEvent> fromManifest = TestData.runToEnd(TestData.service(workspace)
                .start(base.withData(new Recipe.Data(manifest.toString(), null, 0.2, 0, null)), manifestRun));
        assertThat(fromManifest.get(fromManifest.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        assertThat(TestData.started(fromManifest).classes()).contains("Bag (labelled)");

        // the run records the fingerprint in its recipe, and the exact split as a manifest that trains again
        Recipe recorded = RecipeCodec.read(manifestRun.resolve("recipe.json"));
        assertThat(recorded.data().fingerprint()).startsWith("sha256:");
        List<String> split = Files.readAllLines(manifestRun.resolve("split.csv"));
        assertThat(split).hasSize(101).first().isEqualTo("path,label,split");
        assertThat(split).filteredOn(l -> l.endsWith(",val")).hasSize(20);

        Path exported = new ModelExporter(new ModelCatalog(new Workspace(workspace))).export(manifestRun,
                dir.resolve("exported"));
        try (ExportedModel model = ExportedModel.load(exported)) {
            assertThat(model.classes()).contains("Ankle boot (labelled)");
        }
        assertThat(hashes(source)).isEqualTo(before);
    }

    @Test
    void aChangedDatasetIsRefusedWhenTheRecipeCarriesItsFingerprint() throws Exception {
        Path data = dir.resolve("data");
        copyTree(TestData.fashionSample(), data);
        Path workspace = dir.resolve("workspace");
        Recipe recipe = TestData.smallCnnRecipe("feature-extraction", 1)
                .withData(new Recipe.Data(data.toString(), null, 0.2, 0, null));
        Files.writeString(data.resolve("Bag/notes.txt"), "where these came from");
        Path first = dir.resolve("runs/first");
        List<TrainingEvent> firstRun = TestData.runToEnd(TestData.service(workspace).start(recipe, first));
        // the report's warnings reach the user in the first event, and the report is kept with the run
        assertThat(TestData.started(firstRun).datasetWarnings()).singleElement().asString()
                .contains("Bag/notes.txt").contains("not an image");
        assertThat(first.resolve("dataset-report.json")).content().contains("\"not-an-image\"");
        Recipe recorded = RecipeCodec.read(first.resolve("recipe.json"));
        try (Stream<Path> bags = Files.list(data.resolve("Bag"))) {
            Files.delete(bags.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().orElseThrow());
        }
        List<TrainingEvent> again = TestData.runToEnd(TestData.service(workspace).start(recorded, dir.resolve("runs/again")));
        assertThat(again.get(again.size() - 1)).isInstanceOfSatisfying(TrainingEvent.Failed.class,
                f -> assertThat(f.message()).contains("the dataset has changed since the recipe was written"));
    }

    @Test
    void aTestPartIsScoredWithTheBestWeightsAndReportedOnce() throws Exception {
        Path data = dir.resolve("split");
        try (Stream<Path> classes = Files.list(TestData.fashionSample())) {
            for (Path c : classes.sorted().toList()) {
                List<Path> files;
                try (Stream<Path> f = Files.list(c)) {
                    files = f.sorted().toList();
                }
                for (int i = 0; i < files.size(); i++) {
                    String part = i < 14 ? "train" : i < 17 ? "val" : "test";
                    Path target = data.resolve(part).resolve(c.getFileName().toString()).resolve(files.get(i).getFileName().toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(files.get(i), target);
                }
            }
        }
        Path workspace = dir.resolve("workspace");
        Path run = dir.resolve("runs/split");
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(
                TestData.smallCnnRecipe("gradual", 3).withData(new Recipe.Data(data.toString(), null, 0.2, 0, null)), run));
        List<TrainingEvent.TestEvaluated> tests = events.stream().filter(TrainingEvent.TestEvaluated.class::isInstance)
                .map(TrainingEvent.TestEvaluated.class::cast).toList();
        assertThat(tests).singleElement().satisfies(t -> {
            assertThat(t.images()).isEqualTo(15);
            assertThat(java.util.Arrays.stream(t.confusion()).flatMapToInt(java.util.Arrays::stream).sum()).isEqualTo(15);
            int correct = 0;
            for (int c = 0; c < t.confusion().length; c++) {
                correct += t.confusion()[c][c];
            }
            assertThat(t.accuracy()).as("accuracy agrees with the confusion matrix").isEqualTo(correct / 15.0);
        });
        TrainingEvent.Finished finished = (TrainingEvent.Finished) events.get(events.size() - 1);
        // at the end: after the last epoch (and its checkpoints), before the run's last word
        int lastEpoch = events.stream().filter(TrainingEvent.EpochDone.class::isInstance).map(events::lastIndexOf)
                .max(Integer::compare).orElseThrow();
        assertThat(events.indexOf(tests.get(0))).isGreaterThan(lastEpoch).isLessThan(events.size() - 1);
        assertThat(tests.get(0).epoch()).isEqualTo(finished.bestEpoch());
        TrainingEvent.RunStarted started = TestData.started(events);
        assertThat(started.trainImages()).isEqualTo(70);
        assertThat(started.valImages()).isEqualTo(15);
        assertThat(Files.readAllLines(run.resolve("split.csv"))).filteredOn(l -> l.endsWith(",test")).hasSize(15);
        // each test image's answer under the same weights, for the Results step: they add up to the reported figures
        List<ValidationPrediction> answers = new RunFolder(run).testPredictions();
        assertThat(answers).hasSize(15).allSatisfy(a -> assertThat(a.file()).contains(java.io.File.separator + "test" + java.io.File.separator));
        assertThat(ValidationPrediction.confusion(answers, started.classes())).isDeepEqualTo(tests.get(0).confusion());

        Path exported = new ModelExporter(new ModelCatalog(new Workspace(workspace))).export(run, dir.resolve("split-model"));
        assertThat(exported.resolve("MODEL_CARD.md")).content().contains(String.format(java.util.Locale.ROOT,
                "Test accuracy %.4f", tests.get(0).accuracy())).contains("15 held-out test images");
    }

    private static TreeMap<String, String> hashes(Path root) throws Exception {
        TreeMap<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted().toList()) {
                String name = root.relativize(f).toString();
                if (Files.isDirectory(f)) {
                    result.put(name + "/", "folder");
                    continue;
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(f)) {
                    digest.update(in.readAllBytes());
                }
                result.put(name, HexFormat.of().formatHex(digest.digest()) + " " + Files.getLastModifiedTime(f));
            }
        }
        return result;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void zipTree(Path root, Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry("images/" + root.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
