package dev.unfreeze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.app.Main;
import dev.unfreeze.training.TemporaryHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line from a user's point of view: commands, exit codes, output and files. */
class CommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TemporaryHome HOME = new TemporaryHome();

    record Result(int status, String out, String err) {}

    static Result unfreeze(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    static Path sample(String name) {
        return dev.unfreeze.training.TestData.assets().resolve("samples").resolve(name);
    }

    @Test
    void dataInspectReportsInWordsAndJsonAndFailsADatasetThatCannotTrain() throws Exception {
        Result ok = unfreeze("data", "inspect", sample("fashion-mnist-5-9").toString());
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("100 readable in 5 classes").contains("Ready to train.").contains("Fingerprint  sha256:");
        Result shifted = unfreeze("data", "inspect", "--model", "fashion_cnn", "--json", sample("fashion-mnist-5-9").toString());
        assertThat(shifted.status()).as(shifted.err()).isZero();
        JsonNode shift = JSON.readTree(shifted.out()).get("statisticsShift");
        assertThat(shift.get("images").asInt()).isEqualTo(32);
        assertThat(shift.get("groups").findValuesAsText("group")).containsExactly("block1", "block2", "block3");
        assertThat(shift.get("groups").findValues("shift")).allSatisfy(v -> assertThat(v.asDouble()).isBetween(0.0, 1.0));
        assertThat(JSON.readTree(shifted.out()).get("classes")).as("the report is still all there").hasSize(5);
        Result foreign = unfreeze("data", "inspect", "--model", "mobilenet_v2", sample("fashion-mnist-5-9").toString());
        assertThat(foreign.status()).as(foreign.err()).isZero();
        assertThat(foreign.out()).as("greyscale apparel against an ImageNet backbone")
                .contains("At its input the images are unlike mobilenet_v2's pictures");

        Path broken = HOME.path().resolve("broken");
        Files.createDirectories(broken.resolve("cats"));
        Files.copy(sample("fashion-mnist-5-9").resolve("Bag/train-00100.png"), broken.resolve("cats/a.png"));
        Files.writeString(broken.resolve("cats/b.png"), "not a picture");
        Result bad = unfreeze("data", "inspect", broken.toString(), "--json");
        assertThat(bad.status()).isEqualTo(1);
        JsonNode report = JSON.readTree(bad.out());
        assertThat(report.get("kind").asText()).isEqualTo("class folders");
        assertThat(report.get("findings").findValuesAsText("kind")).contains("not-an-image", "few-images", "too-few-classes");
        assertThat(report.get("findings").get(0).get("severity").asText()).isEqualTo("ERROR");
    }

    @Test
    void dataAugmentDrawsImagesAsTrainingFeedsThemAndReportsAnUnreadableOne() throws Exception {
        Path bag = sample("fashion-mnist-5-9").resolve("Bag/train-00100.png");
        Path shirt = sample("fashion-mnist-5-9").resolve("Shirt").resolve(list(sample("fashion-mnist-5-9").resolve("Shirt")));
        Path broken = HOME.path().resolve("augment-broken.png");
        Files.writeString(broken, "not a picture");
        Path out = HOME.path().resolve("augmented");
        Result drawn = unfreeze("data", "augment", "--model", "fashion_cnn", "--copies", "3", "--out", out.toString(), "--json",
                bag.toString(), shirt.toString(), broken.toString());
        assertThat(drawn.status()).as("an unreadable image is an error, the others are still drawn").isEqualTo(1);
        JsonNode results = JSON.readTree(drawn.out());
        assertThat(results).hasSize(3);
        assertThat(results.get(2).get("error").asText()).isNotBlank();
        assertThat(drawn.err()).contains("augment-broken.png");
        java.util.List<java.awt.image.BufferedImage> copies = new java.util.ArrayList<>();
        for (JsonNode file : results.get(0).get("pictures")) {
            java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(Path.of(file.asText()).toFile());
            assertThat(picture.getWidth()).as("the model's input size").isEqualTo(28);
            copies.add(picture);
        }
        assertThat(copies).hasSize(3);
        assertThat(pixels(copies.get(0))).as("each copy is its own draw").isNotEqualTo(pixels(copies.get(1)));

        // the same seed draws the same pictures; without augmentation the picture is the model's input itself
        Path again = HOME.path().resolve("augmented-again");
        unfreeze("data", "augment", "--model", "fashion_cnn", "--copies", "3", "--out", again.toString(), bag.toString());
        assertThat(Files.readAllBytes(again.resolve("001-train-00100-2.png")))
                .isEqualTo(Files.readAllBytes(out.resolve("001-train-00100-2.png")));
        Path plain = HOME.path().resolve("augmented-plain");
        Result none = unfreeze("data", "augment", "--model", "fashion_cnn", "--copies", "1", "--no-flip", "--no-random-crop",
                "--rotation", "0", "--color-jitter", "0", "--out", plain.toString(), bag.toString());
        assertThat(none.status()).as(none.err()).isZero();
        java.awt.image.BufferedImage original = javax.imageio.ImageIO.read(bag.toFile());
        java.awt.image.BufferedImage unchanged = javax.imageio.ImageIO.read(plain.resolve("001-train-00100-1.png").toFile());
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int grey = original.getRaster().getSample(x, y, 0);
                assertThat(unchanged.getRGB(x, y) & 0xff).as("pixel %d,%d", x, y).isBetween(grey - 1, grey + 1);
            }
        }
    }

    private static String list(Path folder) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }

    private static int[] pixels(java.awt.image.BufferedImage picture) {
        return picture.getRGB(0, 0, picture.getWidth(), picture.getHeight(), null, 0, picture.getWidth());
    }

    @Test
    void modelsAndInspectDescribeTheCatalog() throws Exception {
        Result models = unfreeze("models", "--json");
        assertThat(models.status()).isZero();
        JsonNode list = JSON.readTree(models.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list.findValuesAsText("id")).contains("mobilenet_v2", "fashion_cnn");

        Result inspect = unfreeze("inspect", "mobilenet_v2", "--json");
        assertThat(inspect.status()).isZero();
        JsonNode groups = JSON.readTree(inspect.out()).get("groups");
        assertThat(groups).hasSize(20);
        assertThat(groups.get(0).get("name").asText()).isEqualTo("features.0");
        assertThat(groups.get(19).get("head").asBoolean()).isTrue();
        assertThat(groups.get(17).get("outputShape").toString()).isEqualTo("[320,7,7]");

        assertThat(unfreeze("inspect", "fashion_cnn").out()).contains("block1").contains("32 x 14 x 14").contains("head (new)");

        Path copy = HOME.path().resolve("my net.pt");
        Path bundled = HOME.path().resolve("cache/bundled/mobilenet_v2/mobilenet_v2_backbone.pt");
        Files.copy(bundled, copy);
        Result imported = unfreeze("import", copy.toString(), "--json");
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(JSON.readTree(imported.out()).get("id").asText()).isEqualTo("my_net");
        assertThat(JSON.readTree(unfreeze("models", "--json").out()).findValuesAsText("id")).contains("my_net");

        JsonNode engine = JSON.readTree(unfreeze("engine", "--json").out());
        assertThat(engine.get("pytorch").asText()).isEqualTo("2.7.1");
        assertThat(engine.get("flavour").asText()).isEqualTo(engine.get("gpus").asInt() > 0 ? "cuda" : "cpu");
        // the native decoders load from their jars: libwebp, and OpenCV for large JPEGs
        assertThat(engine.get("webp").asText()).isEqualTo("libwebp");
        assertThat(engine.get("large-jpeg").asText()).startsWith("decoded at 1/2, 1/4 or 1/8 size");
    }

    @Test
    void trainExportPredictAndEvaluate(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Result train = unfreeze("train", "--model", "fashion_cnn", "--data", sample("fashion-mnist-5-9").toString(),
                "--schedule", "gradual", "--epochs", "3", "--batch-size", "16", "--optimizer", "adam", "--lr", "0.003",
                // a hand-made three-epoch recipe: statistics that adapt need more steps than 15 to settle
                // (measured on the held-out images: 0.28 adapting, 0.56 frozen)
                "--batch-norm", "frozen-stats", "--out", run.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).contains("epoch 2: block3 thaws").contains("finished after 3 epochs");
        assertThat(run.resolve("recipe.json")).isRegularFile();
        assertThat(run.resolve("events.jsonl")).isRegularFile();
        assertThat(run.resolve("checkpoints/best.ckpt")).isRegularFile();

        Path model = dir.resolve("shoes");
        assertThat(unfreeze("export", "--run", run.toString(), "--out", model.toString()).status()).isZero();
        assertThat(model.resolve("MODEL_CARD.md")).isRegularFile();

        Path image = sample("fashion-mnist-5-9-heldout").resolve("Bag").resolve("test-00030.png");
        Path broken = dir.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Result predict = unfreeze("predict", "--model", model.toString(), "--json", broken.toString(), image.toString());
        assertThat(predict.status()).as("one unreadable image makes the status non-zero").isEqualTo(1);
        assertThat(predict.err()).contains("broken.png").contains("1 of 2 images could not be read").doesNotContain("\tat ");
        JsonNode results = JSON.readTree(predict.out());
        assertThat(results.get(0).get("error").asText()).contains("broken.png");
        JsonNode top = results.get(1).get("top");
        assertThat(top).hasSize(3);
        assertThat(top).extracting(t -> t.get("class").asText()).doesNotHaveDuplicates()
                .isSubsetOf("Ankle boot", "Bag", "Sandal", "Shirt", "Sneaker");
        assertThat(top.get(0).get("probability").asDouble()).as("best first")
                .isGreaterThanOrEqualTo(top.get(1).get("probability").asDouble());
        assertThat(top.get(0).get("probability").asDouble() + top.get(1).get("probability").asDouble()
                + top.get(2).get("probability").asDouble()).isLessThanOrEqualTo(1.0 + 1e-6);

        // where the model looks: a heat map and an overlay per image at the image's own size, and the answers
        Path explained = dir.resolve("explained");
        Result explain = unfreeze("predict", "--model", model.toString(), "--explain", explained.toString(), image.toString());
        assertThat(explain.status()).as(explain.err()).isZero();
        java.awt.image.BufferedImage heat = javax.imageio.ImageIO.read(explained.resolve("test-00030-heat.png").toFile());
        java.awt.image.BufferedImage original = javax.imageio.ImageIO.read(image.toFile());
        assertThat(heat.getWidth()).isEqualTo(original.getWidth());
        assertThat(heat.getHeight()).isEqualTo(original.getHeight());
        assertThat(heat.getRaster().getNumBands()).as("a greyscale map").isEqualTo(1);
        assertThat(explained.resolve("test-00030-overlay.png")).isRegularFile();
        assertThat(Files.readAllLines(explained.resolve("predictions.csv"))).hasSize(2).element(1).asString()
                .startsWith(image.toString() + ",").endsWith(",grad-cam,test-00030-overlay.png,test-00030-heat.png");

        // another class, by the other method, in the JSON answer too; a class the model lacks is one clear sentence
        Result asked = unfreeze("predict", "--model", model.toString(), "--explain", dir.resolve("sandal").toString(),
                "--explain-with", "occlusion", "--explain-class", "Sandal", "--json", image.toString());
        assertThat(asked.status()).as(asked.err()).isZero();
        JsonNode entry = JSON.readTree(asked.out()).get(0).get("explained");
        assertThat(entry.get("class").asText()).isEqualTo("Sandal");
        assertThat(entry.get("method").asText()).isEqualTo("occlusion");
        assertThat(Path.of(entry.get("heat").asText())).isRegularFile();
        Result unknown = unfreeze("predict", "--model", model.toString(), "--explain", dir.resolve("x").toString(),
                "--explain-class", "Cat", image.toString());
        assertThat(unknown.status()).isNotZero();
        assertThat(unknown.err()).contains("no class 'Cat'").contains("Sandal").doesNotContain("\tat ");

        Result evaluate = unfreeze("evaluate", "--model", model.toString(), "--data",
                sample("fashion-mnist-5-9-heldout").toString(), "--json");
        assertThat(evaluate.status()).as(evaluate.err()).isZero();
        JsonNode metrics = JSON.readTree(evaluate.out());
        assertThat(metrics.get("accuracy").asDouble()).isGreaterThan(0.4);
        assertThat(metrics.get("images").asInt()).isEqualTo(250);
        assertThat(metrics.get("meanConfidence").asDouble()).isBetween(0.2, 1.0);
        assertThat(metrics.get("calibrationError").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("logLoss").asDouble()).isPositive();
        Result inWords = unfreeze("evaluate", "--model", model.toString(), "--data",
                sample("fashion-mnist-5-9-heldout").toString());
        assertThat(inWords.out()).contains("confidence ", "calibration error ", "log loss ");
    }

    @Test
    void aRecipeFileRunsAndFlagsOverrideIt(@TempDir Path dir) throws Exception {
        Path recipe = dir.resolve("recipe.json");
        // the file names no data: --data supplies it, and the recipe is checked after the flags apply
        Files.writeString(recipe, """
                {"model": "fashion_cnn", "schedule": "partial:1", "epochs": 5, "batchSize": 16}
                """);
        Path run = dir.resolve("run");
        Result train = unfreeze("train", "--recipe", recipe.toString(), "--data", sample("fashion-mnist-5-9").toString(),
                "--epochs", "1", "--out", run.toString());
        assertThat(train.status()).as(train.err()).isZero();
        JsonNode saved = JSON.readTree(run.resolve("recipe.json").toFile());
        assertThat(saved.get("epochs").asInt()).isEqualTo(1);
        assertThat(saved.get("schedule").asText()).isEqualTo("partial:1");
        assertThat(saved.get("batchSize").asInt()).isEqualTo(16);
    }

    @Test
    void mistakesGetOneClearLineAndANonZeroStatus(@TempDir Path dir) throws Exception {
        Result badSchedule = unfreeze("train", "--model", "fashion_cnn", "--data", sample("fashion-mnist-5-9").toString(),
                "--schedule", "melt", "--out", dir.resolve("r").toString());
        assertThat(badSchedule.status()).isNotZero();
        assertThat(badSchedule.err()).contains("unknown schedule 'melt'").doesNotContain("\tat ");

        Result badWord = unfreeze("train", "--model", "fashion_cnn", "--data", sample("fashion-mnist-5-9").toString(),
                "--batch-norm", "sometimes", "--out", dir.resolve("r0").toString());
        assertThat(badWord.status()).isNotZero();
        assertThat(badWord.err()).contains("'--batch-norm' is 'sometimes'; use one of adapt, auto, frozen-stats")
                .doesNotContain("\tat ");

        Result noModel = unfreeze("predict", "--model", dir.resolve("nothing").toString(), "x.png");
        assertThat(noModel.status()).isNotZero();
        assertThat(noModel.err()).contains("is not an exported model").doesNotContain("\tat ");

        Path badRecipe = dir.resolve("bad.json");
        Files.writeString(badRecipe, "{\"data\": {\"train\": \"x\"}, \"epochz\": 3}");
        Result recipe = unfreeze("train", "--recipe", badRecipe.toString(), "--out", dir.resolve("r2").toString());
        assertThat(recipe.status()).isNotZero();
        assertThat(recipe.err()).contains("unknown field 'epochz'");

        Result failedRun = unfreeze("train", "--model", "fashion_cnn", "--data", dir.resolve("missing").toString(),
                "--out", dir.resolve("r3").toString());
        assertThat(failedRun.status()).isEqualTo(1);
        assertThat(failedRun.err()).contains("does not exist").doesNotContain("\tat ");
        assertThat(dir.resolve("r3")).as("a run that cannot start leaves no folder").doesNotExist();

        Result unknownModel = unfreeze("train", "--model", "no_such_net", "--data", sample("fashion-mnist-5-9").toString(),
                "--out", dir.resolve("r4").toString());
        assertThat(unknownModel.status()).isNotZero();
        assertThat(unknownModel.err()).contains("no model 'no_such_net'").doesNotContain("\tat ");
        assertThat(dir.resolve("r4")).doesNotExist();
    }
}
