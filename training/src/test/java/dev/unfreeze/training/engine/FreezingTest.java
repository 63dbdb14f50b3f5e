package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frozen means bit-identical; thawed means changed; a zero learning rate means frozen. */
class FreezingTest {
    private static final String BLOCK1 = "01backbone_01SequentialBlock_";
    private static final String BLOCK2 = "01backbone_02SequentialBlock_";
    private static final String BLOCK3 = "01backbone_03SequentialBlock_";
    private static final String HEAD = "02head_";

    @TempDir
    Path workspace;

    private Map<String, byte[]> pretrained(Recipe recipe) {
        ModelCatalog catalog = new ModelCatalog(new Workspace(workspace));
        try (AdaptedModel model = AdaptedModel.create(catalog.resolve(recipe.model()),
                List.of("Ankle boot", "Bag", "Sandal", "Shirt", "Sneaker"), recipe.head(), false, 0, recipe.seed(),
                Device.cpu())) {
            return Weights.ofModel(model);
        }
    }

    /** The last run's events. */
    private List<TrainingEvent> events;

    private Map<String, byte[]> train(Recipe recipe, Path run) throws Exception {
        events = TestData.runToEnd(TestData.service(workspace).start(recipe, run));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        return Weights.ofCheckpoint(new RunFolder(run).lastCheckpoint());
    }

    @Test
    void frozenGroupsStayBitIdenticalStatisticsIncluded(@TempDir Path run) throws Exception {
        Recipe recipe = TestData.smallCnnRecipe("partial:1", 2);
        Map<String, byte[]> before = pretrained(recipe);
        Map<String, byte[]> after = train(recipe, run);

        assertThat(Weights.identical(before, after, BLOCK1)).as("block1, statistics included").isTrue();
        assertThat(Weights.identical(before, after, BLOCK2)).as("block2, statistics included").isTrue();
        assertThat(Weights.identical(before, after, BLOCK3, "weight")).as("thawed block3 learns").isFalse();
        assertThat(Weights.identical(before, after, BLOCK3, "running")).as("frozen-stats keeps statistics").isTrue();
        assertThat(Weights.identical(before, after, HEAD)).as("the head always trains").isFalse();
    }

    @Test
    void aGroupWithLearningRateMultiplierZeroStaysUnchanged(@TempDir Path run) throws Exception {
        Recipe base = TestData.smallCnnRecipe("full", 2);
        Recipe recipe = base.toBuilder().optSchedule(Schedule.parse("full")).optLearningRate(new Recipe.LearningRate(0.003,
                Recipe.LearningRate.Schedule.CONSTANT, Recipe.LearningRate.Discriminative.NONE, List.of(1.0, 0.0, 1.0))).build();
        Map<String, byte[]> before = pretrained(recipe);
        Map<String, byte[]> after = train(recipe, run);

        assertThat(Weights.identical(before, after, BLOCK2)).isTrue();
        assertThat(Weights.identical(before, after, BLOCK1, "weight")).isFalse();
        assertThat(Weights.identical(before, after, BLOCK3, "weight")).isFalse();
    }

    @Test
    void adaptPolicyUpdatesStatisticsOfFrozenGroupsButNotTheirWeights(@TempDir Path run) throws Exception {
        Recipe base = TestData.smallCnnRecipe("partial:1", 1);
        Recipe recipe = base.toBuilder().optBatchNorm(Recipe.BatchNorm.ADAPT).build();
        Map<String, byte[]> before = pretrained(recipe);
        Map<String, byte[]> after = train(recipe, run);

        assertThat(Weights.identical(before, after, BLOCK1, "weight")).isTrue();
        assertThat(Weights.identical(before, after, BLOCK1, "runningMean")).isFalse();
    }

    @Test
    void mobileNetFreezesByTorchScriptGroups(@TempDir Path run) throws Exception {
        Recipe base = TestData.smallCnnRecipe("partial:2", 1);
        Recipe recipe = base.toBuilder().setModel("mobilenet_v2").setData(new Recipe.Data(base.data().train(), null, 0.2, 64, null))
                .optSchedule(Schedule.parse("partial:2")).optLearningRate(new Recipe.LearningRate(0.01, Recipe.LearningRate.Schedule.CONSTANT,
                        Recipe.LearningRate.Discriminative.NONE, null))
                .optOptimizer(new Recipe.Optimizer(Recipe.Optimizer.Type.SGD, 0.9, 1e-4)).optEpochs(1).optBatchSize(32)
                .optBatchNorm(Recipe.BatchNorm.FROZEN_STATS).build();
        Map<String, byte[]> before = pretrained(recipe);
        Map<String, byte[]> after = train(recipe, run);

        for (int g = 0; g <= 16; g++) {
            assertThat(Weights.identical(before, after, "01backbone_features." + g + ".")).as("features.%d", g).isTrue();
        }
        assertThat(Weights.identical(before, after, "01backbone_features.17.")).isFalse();
        assertThat(Weights.identical(before, after, "01backbone_features.18.")).isFalse();
    }

    @Test
    void theAutoPolicyAdaptsTheTrainedGroupsStatisticsAndKeepsTheFrozenGroupsBitIdentical(@TempDir Path run)
            throws Exception {
        Recipe base = TestData.smallCnnRecipe("partial:1", 2);
        Recipe recipe = base.toBuilder().optBatchNorm(Recipe.BatchNorm.AUTO).build();
        Map<String, byte[]> before = pretrained(recipe);
        Map<String, byte[]> after = train(recipe, run);

        assertThat(Weights.identical(before, after, BLOCK1)).as("frozen block1, statistics included").isTrue();
        assertThat(Weights.identical(before, after, BLOCK2)).as("frozen block2, statistics included").isTrue();
        assertThat(Weights.identical(before, after, BLOCK3, "weight")).as("block3 learns").isFalse();
        assertThat(Weights.identical(before, after, BLOCK3, "runningMean")).as("block3's statistics adapt").isFalse();
    }

    @Test
    void mobileNetUnderTheAutoPolicyKeepsItsFrozenGroupsBitIdentical(@TempDir Path run) throws Exception {
        Recipe base = TestData.smallCnnRecipe("partial:2", 1);
        Recipe recipe = base.toBuilder().setModel("mobilenet_v2").setData(new Recipe.Data(base.data().train(), null, 0.2, 64, null))
                .optSchedule(Schedule.parse("partial:2")).optLearningRate(new Recipe.LearningRate(0.01, Recipe.LearningRate.Schedule.CONSTANT,
                        Recipe.LearningRate.Discriminative.NONE, null))
                .optOptimizer(new Recipe.Optimizer(Recipe.Optimizer.Type.SGD, 0.9, 1e-4)).optEpochs(1).optBatchSize(32)
                .optBatchNorm(Recipe.BatchNorm.AUTO).build();
        Map<String, byte[]> before = pretrained(recipe);
        Map<String, byte[]> after = train(recipe, run);

        for (int g = 0; g <= 16; g++) {
            assertThat(Weights.identical(before, after, "01backbone_features." + g + ".")).as("features.%d", g).isTrue();
        }
        assertThat(Weights.identical(before, after, "01backbone_features.18.")).isFalse();
    }

    @Test
    void bitFitTrainsOnlyScalesShiftsAndBiasesAndKeepsTheStatistics(@TempDir Path run) throws Exception {
        Recipe base = TestData.smallCnnRecipe("bitfit", 1);
        Recipe recipe = base.toBuilder().setModel("mobilenet_v2").setData(new Recipe.Data(base.data().train(), null, 0.2, 64, null))
                .optLearningRate(new Recipe.LearningRate(0.01, Recipe.LearningRate.Schedule.CONSTANT,
                        Recipe.LearningRate.Discriminative.NONE, null))
                .optOptimizer(new Recipe.Optimizer(Recipe.Optimizer.Type.SGD, 0.9, 1e-4)).optEpochs(1).optBatchSize(32)
                .optBatchNorm(Recipe.BatchNorm.AUTO).build();
        // (a TorchScript backbone's statistics are buffers, which the snapshot does not hold; the small CNN's test checks them)
        BitFitOutcome outcome = bitFit(recipe, run);
        assertThat(outcome.kernels()).as("MobileNetV2's convolution kernels compared").isGreaterThan(50);
        assertThat(outcome.vectorsChanged()).as("BatchNorm scales and shifts that learned").isGreaterThan(50);
        assertThat(outcome.headChanged()).as("the head always trains").isTrue();
        long head = 1280 * 5 + 5;
        assertThat(events).filteredOn(TrainingEvent.EpochDone.class::isInstance).map(TrainingEvent.EpochDone.class::cast)
                .extracting(TrainingEvent.EpochDone::trainableParameters).as("what the epoch reports as learning")
                .containsOnly(34_112 + head);
    }

    @Test
    void bitFitOnTheSmallCnnKeepsEveryKernelAndRunningStatisticBitIdentical(@TempDir Path run) throws Exception {
        // the small CNN is a DJL block, whose BatchNorm statistics are parameters the snapshot holds
        BitFitOutcome outcome = bitFit(TestData.smallCnnRecipe("bitfit", 2).toBuilder().optBatchNorm(Recipe.BatchNorm.AUTO)
                .build(), run);
        assertThat(outcome.statistics()).as("running statistics compared").isGreaterThanOrEqualTo(6);
        assertThat(outcome.kernels()).as("kernels compared").isGreaterThanOrEqualTo(3);
        assertThat(outcome.vectorsChanged()).as("biases, scales and shifts that learned").isGreaterThanOrEqualTo(6);
    }

    /** What a BitFit run changed; it fails on the spot if a kernel or a running statistic changed. */
    private record BitFitOutcome(int kernels, int statistics, int vectorsChanged, boolean headChanged) {}

    private BitFitOutcome bitFit(Recipe recipe, Path run) throws Exception {
        Map<String, Integer> dimensions;
        ModelCatalog catalog = new ModelCatalog(new Workspace(workspace));
        try (AdaptedModel model = AdaptedModel.create(catalog.resolve(recipe.model()),
                List.of("Ankle boot", "Bag", "Sandal", "Shirt", "Sneaker"), recipe.head(), false, 0, recipe.seed(), Device.cpu())) {
            dimensions = Weights.dimensionsOfModel(model);
        }
        Map<String, byte[]> before = pretrained(recipe);
        Map<String, byte[]> after = train(recipe, run);
        int kernels = 0;
        int statistics = 0;
        int vectorsChanged = 0;
        for (String name : before.keySet()) {
            if (!name.startsWith("01backbone_")) {
                continue;
            }
            boolean same = java.util.Arrays.equals(before.get(name), after.get(name));
            if (name.contains("running") || name.contains("num_batches")) {
                assertThat(same).as("%s: statistics stay the pretrained ones", name).isTrue();
                statistics++;
            } else if (dimensions.get(name) > 1) {
                assertThat(same).as("%s: kernels stay frozen", name).isTrue();
                kernels++;
            } else if (!same) {
                vectorsChanged++;
            }
        }
        return new BitFitOutcome(kernels, statistics, vectorsChanged, !Weights.identical(before, after, HEAD));
    }
}
