package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.catalog.BundledModels;
import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.export.ModelExporter;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runtime.NamedArrays;
import java.nio.file.Files;
import dev.unfreeze.training.runtime.HeadBlocks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fine-tune of MobileNetV2 on every labelled image is saved with its head's scores divided by the backbone's
 * measured temperature; the last checkpoint, which a resumed run continues from, keeps the trained head.
 */
class ConfidenceTemperatureTest {
    private static final String HEAD = "02head_";
    private static final String BACKBONE = "01backbone_";

    @TempDir
    Path workspace;

    @Test
    void aFineTuneOnEveryImageIsSavedWithItsScoresHalved(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        // 10 images a class: under 20, nothing is held out
        List<TrainingEvent> events = trainBitFit(dir, 10, run);
        assertThat(TestData.started(events).valImages()).isZero();
        assertThat(notices(events)).anyMatch(m -> m.contains("divided by 2.0"));

        Map<String, byte[]> saved = Weights.ofCheckpoint(new RunFolder(run).bestCheckpoint());
        Map<String, byte[]> trained = Weights.ofCheckpoint(new RunFolder(run).lastCheckpoint());
        assertThat(Weights.identical(saved, trained, BACKBONE)).as("the backbone as trained").isTrue();
        List<String> head = saved.keySet().stream().filter(k -> k.startsWith(HEAD)).toList();
        assertThat(head).hasSize(2);
        for (String name : head) {
            float[] s = floats(saved.get(name));
            float[] t = floats(trained.get(name));
            assertThat(s).hasSameSizeAs(t);
            for (int i = 0; i < s.length; i++) {
                assertThat(s[i]).as("%s[%d]", name, i).isEqualTo(t[i] / 2f);
            }
        }
    }

    @Test
    void aRunCancelledBeforeItsEndExportsItsLastCheckpointWithTheTemperature(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Recipe twoEpochs = bitFit(TestData.samplePerClass(dir, 10)).toBuilder().optEpochs(2).build();
        RunHandle handle = TestData.service(workspace).start(twoEpochs, run);
        List<TrainingEvent> events = TestData.runToEnd(handle, e -> {
            if (e instanceof TrainingEvent.CheckpointSaved saved && saved.epoch() == 0) {
                handle.cancel();
            }
        });
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Cancelled.class);
        RunFolder folder = new RunFolder(run);
        assertThat(folder.bestCheckpoint()).as("a run that keeps its last epoch saves its model at its end")
                .doesNotExist();

        Path exported = new ModelExporter(new ModelCatalog(new Workspace(workspace))).export(run, dir.resolve("model"));
        Block head = HeadBlocks.create("linear", folder.info().classes().size(), 0, 0.2f);
        Map<String, byte[]> trained = Weights.ofCheckpoint(folder.lastCheckpoint());
        try (NDManager manager = NDManager.newBaseManager();
                var in = Files.newInputStream(exported.resolve("head.safetensors"))) {
            head.initialize(manager, DataType.FLOAT32, new Shape(1, folder.info().featureDimension()));
            NamedArrays.read(head, in);
            for (float[] saved : values(head)) {
                float[] t = trained.entrySet().stream().filter(k -> k.getKey().startsWith(HEAD))
                        .map(k -> floats(k.getValue())).filter(f -> f.length == saved.length).findFirst().orElseThrow();
                for (int i = 0; i < saved.length; i++) {
                    assertThat(saved[i]).as("[%d] of %d", i, saved.length).isEqualTo(t[i] / 2f);
                }
            }
        }
    }

    @Test
    void aRunWithHeldOutImagesIsSavedWithTheTemperatureItsHeldOutAnswersFit(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        // 20 images a class: a fifth is held out, and the temperature is fitted on those answers; eight epochs of the
        // whole network on three classes end surer than right
        Recipe wholeNetwork = bitFit(TestData.samplePerClass(dir, 20, 3)).toBuilder()
                .optSchedule(Schedule.parse("full")).optEpochs(8).build();
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).start(wholeNetwork, run));
        assertThat(TestData.started(events).valImages()).isPositive();
        // said after each best checkpoint: the last is the one the model keeps
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof TrainingEvent.TemperatureFitted) {
                assertThat(events.get(i - 1)).isInstanceOfSatisfying(TrainingEvent.CheckpointSaved.class,
                        c -> assertThat(c.best()).isTrue());
            }
        }
        TrainingEvent.TemperatureFitted said = lastTemperature(events);
        assertThat(said.message()).contains("held-out images");
        assertThat(said.heldOutImages()).isEqualTo(TestData.started(events).valImages());
        float fitted = (float) said.temperature();
        assertThat(fitted).isBetween(ConfidenceTemperature.FITTED_MIN, ConfidenceTemperature.FITTED_MAX);

        RunFolder folder = new RunFolder(run);
        Map<String, byte[]> saved = Weights.ofCheckpoint(folder.bestCheckpoint());
        Map<String, byte[]> trained = Weights.ofCheckpoint(folder.lastCheckpoint());
        assertThat(Weights.identical(saved, trained, BACKBONE)).isTrue();
        for (String name : saved.keySet().stream().filter(k -> k.startsWith(HEAD)).toList()) {
            float[] s = floats(saved.get(name));
            float[] t = floats(trained.get(name));
            for (int i = 0; i < s.length; i++) {
                assertThat(s[i]).as("%s[%d]", name, i).isCloseTo(t[i] / fitted, org.assertj.core.api.Assertions
                        .within(Math.abs(t[i]) * 1e-5f + 1e-7f));
            }
        }
    }

    @Test
    void aRunWithHeldOutImagesCancelledAfterItsFirstBestHasSaidItsTemperatureAndSaysItAgainResumed(@TempDir Path dir)
            throws Exception {
        Path run = dir.resolve("run");
        // early stopping keeps the best epoch: its checkpoint is saved as soon as it is the best so far
        Recipe wholeNetwork = bitFit(TestData.samplePerClass(dir, 20, 3)).toBuilder()
                .optSchedule(Schedule.parse("full")).optEpochs(8)
                .optEarlyStopping(new Recipe.EarlyStopping(Recipe.EarlyStopping.Metric.VAL_LOSS, 8)).build();
        RunHandle handle = TestData.service(workspace).start(wholeNetwork, run);
        List<TrainingEvent> events = TestData.runToEnd(handle, e -> {
            if (e instanceof TrainingEvent.CheckpointSaved saved && saved.best()) {
                handle.cancel();
            }
        });
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Cancelled.class);
        // the best checkpoint, the model the folder offers, was said with the temperature it was saved with
        int lastBest = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof TrainingEvent.CheckpointSaved c && c.best()) {
                lastBest = i;
            }
        }
        assertThat(lastBest).isNotNegative();
        assertThat(events.get(lastBest + 1)).isSameAs(lastTemperature(events));
        double kept = lastTemperature(events).temperature();
        assertThat(kept).isBetween(1.0, 4.0);
        RunFolder folder = new RunFolder(run);
        assertThat(CheckpointStore.readHeader(folder.bestCheckpoint()).orElseThrow().temperature()).isEqualTo(kept);
        assertThat(CheckpointStore.readHeader(folder.lastCheckpoint()).orElseThrow().temperature())
                .as("the last checkpoint keeps the trained values").isEqualTo(1.0);

        // resumed, the run says the temperature of the model the folder still offers before any better weights
        RunHandle resumed = TestData.service(workspace).resume(run);
        List<TrainingEvent> again = TestData.runToEnd(resumed, e -> {
            if (e instanceof TrainingEvent.TemperatureFitted) {
                resumed.cancel();
            }
        });
        TrainingEvent.TemperatureFitted said = lastTemperature(again);
        assertThat(said.temperature()).isEqualTo(kept);
        assertThat(said.heldOutImages()).isEqualTo(lastTemperature(events).heldOutImages());
        assertThat(again.subList(0, again.indexOf(said)))
                .noneMatch(e -> e instanceof TrainingEvent.CheckpointSaved c && c.best());
    }

    private static TrainingEvent.TemperatureFitted lastTemperature(List<TrainingEvent> events) {
        List<TrainingEvent.TemperatureFitted> told = events.stream()
                .filter(TrainingEvent.TemperatureFitted.class::isInstance)
                .map(TrainingEvent.TemperatureFitted.class::cast).toList();
        assertThat(told).isNotEmpty();
        return told.get(told.size() - 1);
    }

    @Test
    void theFittedTemperatureMakesTheConfidenceMatchTheAccuracyAsFarAsTheAnswersCanTell() {
        // images the model calls class 0 by a score of 2.5423 to 0, seven in ten of them rightly: a confidence of 0.7
        // fits them best, sigmoid(2.5423 / T) = 0.7 at T = 3; the backbone's measured figure is 2
        assertThat(ConfidenceTemperature.fit(calledZero(10_000), labels(10_000, 0.7), 2f))
                .as("ten thousand answers outweigh the backbone's figure").isCloseTo(3f, within(0.02f));
        assertThat(ConfidenceTemperature.fit(calledZero(100), labels(100, 0.7), 2f))
                .as("a hundred move it most of the way").isBetween(2.6f, 2.8f);
        assertThat(ConfidenceTemperature.fit(calledZero(10), labels(10, 0.7), 2f))
                .as("ten move it a little").isBetween(2.1f, 2.35f);
        assertThat(ConfidenceTemperature.fit(new float[0][], new int[0], 2f)).as("none: the backbone's").isEqualTo(2f);

        assertThat(ConfidenceTemperature.fit(calledZero(1000), labels(1000, 1), 2f))
                .as("every answer right: never surer than trained")
                .isCloseTo(ConfidenceTemperature.FITTED_MIN, within(1e-4f));
        assertThat(ConfidenceTemperature.fit(calledZero(1000), labels(1000, 0.5), 2f))
                .as("a coin toss: as unsure as allowed").isCloseTo(ConfidenceTemperature.FITTED_MAX, within(1e-3f));
        assertThat(ConfidenceTemperature.softmax(new float[] {2, 0}, 2)).containsExactly(
                new double[] {1 / (1 + Math.exp(-1)), 1 - 1 / (1 + Math.exp(-1))},
                org.assertj.core.api.Assertions.within(1e-12));
    }

    /** {@code n} images' scores, each calling class 0 by 2.5423 to 0. */
    private static float[][] calledZero(int n) {
        float[][] scores = new float[n][];
        for (int i = 0; i < n; i++) {
            scores[i] = new float[] {2.5423f, 0};
        }
        return scores;
    }

    /** {@code n} true classes, the first {@code right} share of them class 0. */
    private static int[] labels(int n, double right) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < Math.round(right * n) ? 0 : 1;
        }
        return labels;
    }

    @Test
    void closingTheScopePutsTheTrainedHeadBackExactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block head = HeadBlocks.create("linear", 3, 0, 0.2f);
            head.initialize(manager, DataType.FLOAT32, new Shape(1, 7));
            List<float[]> before = values(head);
            try (ConfidenceTemperature.Scope divided = ConfidenceTemperature.divide(head, 4f)) {
                List<float[]> during = values(head);
                for (int p = 0; p < before.size(); p++) {
                    for (int i = 0; i < before.get(p).length; i++) {
                        assertThat(during.get(p)[i]).isEqualTo(before.get(p)[i] / 4f);
                    }
                }
            }
            List<float[]> after = values(head);
            for (int p = 0; p < before.size(); p++) {
                assertThat(after.get(p)).isEqualTo(before.get(p));
            }
        }
    }

    @Test
    void onlyFineTunesOfAMeasuredBackboneWithNothingHeldOutGetItsTemperatureAndHeldOutOnesFitOneAroundIt() {
        BundledModels bundled = new BundledModels(workspace);
        ModelMetadata mobileNet = bundled.metadata("mobilenet_v2");
        Recipe recipe = TestData.smallCnnRecipe("bitfit", 1);
        UnfreezeSchedule bitFit = new UnfreezeSchedule(List.of(0, 0), UnfreezeSchedule.NEVER,
                UnfreezeSchedule.Tuned.SCALES_AND_BIASES);
        UnfreezeSchedule frozen = new UnfreezeSchedule(List.of(UnfreezeSchedule.NEVER, UnfreezeSchedule.NEVER),
                UnfreezeSchedule.NEVER);
        assertThat(ConfidenceTemperature.of(recipe, bitFit, 0, mobileNet)).isEqualTo(2f);
        assertThat(ConfidenceTemperature.of(recipe, bitFit, 10, mobileNet)).as("held-out images").isEqualTo(1f);
        assertThat(ConfidenceTemperature.rule(recipe, bitFit, 10, mobileNet)).as("fitted around the backbone's")
                .isEqualTo(new ConfidenceTemperature.Rule.FittedOnHeldOut(2f));
        assertThat(ConfidenceTemperature.rule(recipe, bitFit, 10, bundled.metadata("fashion_cnn")))
                .as("around none for a backbone without one")
                .isEqualTo(new ConfidenceTemperature.Rule.FittedOnHeldOut(1f));
        assertThat(ConfidenceTemperature.rule(recipe, frozen, 10, mobileNet))
                .isEqualTo(new ConfidenceTemperature.Rule.Fixed(1f));
        assertThat(ConfidenceTemperature.of(recipe, frozen, 0, mobileNet)).as("a linear probe").isEqualTo(1f);
        assertThat(ConfidenceTemperature.of(recipe.withFromScratch(true), bitFit, 0, mobileNet))
                .as("from scratch").isEqualTo(1f);
        assertThat(ConfidenceTemperature.of(recipe, bitFit, 0, bundled.metadata("fashion_cnn")))
                .as("the small CNN, less sure than right").isEqualTo(1f);
    }

    /** One epoch of BitFit on MobileNetV2 at 64 px over the first images of each class of the bundled sample. */
    private List<TrainingEvent> trainBitFit(Path dir, int perClass, Path run) throws Exception {
        return TestData.runToEnd(TestData.service(workspace).start(bitFit(TestData.samplePerClass(dir, perClass)), run));
    }

    private static List<String> notices(List<TrainingEvent> events) {
        return events.stream().filter(TrainingEvent.Notice.class::isInstance)
                .map(e -> ((TrainingEvent.Notice) e).message()).toList();
    }

    private static Recipe bitFit(Path manifest) {
        Recipe base = TestData.smallCnnRecipe("bitfit", 1);
        return base.toBuilder().setModel("mobilenet_v2").setData(new Recipe.Data(manifest.toString(), null, 0.2, 64, null))
                .optSchedule(Schedule.parse("bitfit")).optEpochs(1).optBatchSize(16).build();
    }

    private static List<float[]> values(Block head) {
        List<float[]> result = new ArrayList<>();
        Block last = head.getChildren().get(head.getChildren().size() - 1).getValue();
        for (Pair<String, Parameter> p : last.getParameters()) {
            result.add(p.getValue().getArray().toFloatArray());
        }
        return result;
    }

    private static float[] floats(byte[] bytes) {
        java.nio.FloatBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        float[] result = new float[buffer.remaining()];
        buffer.get(result);
        return result;
    }
}
