package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingLength;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the automatic plan's final run trains on, and for how long, once the folds have chosen. */
class FinalRecipeTest {
    /** MobileNetV2's layer groups. */
    private static final int GROUPS = 7;
    private static final int LABELLED = 500;
    private final Recipe asked = RecipeCodec.defaults()
            .withData(new Recipe.Data("/data/set", null, 0.2, 0, null));

    @Test
    void aFineTuneWithEnoughImagesTrainsOnEveryImageForTheLengthItsRecipeGivesThem() {
        Recipe chosen = CandidatePlans.finalRecipe(asked, fineTune(List.of(0.92, 0.96)), LABELLED, GROUPS);

        assertThat(chosen.data().valFraction()).as("no held-out part: the folds were the evidence").isZero();
        assertThat(chosen.epochs()).as("its recipe's length for 500 images (32 steps an epoch), to its end")
                .isEqualTo(TrainingLength.epochs(LABELLED, asked.batchSize(), PreparedRun.schedule(chosen, GROUPS)))
                .isEqualTo(13);
        assertThat(chosen.earlyStopping()).isNull();
        assertThat(chosen.schedule().text()).isEqualTo("full");
        assertThat(chosen.learningRate().base()).isEqualTo(0.0046);
    }

    @Test
    void theFinalModelIsTheOneTheCandidatesRecipeTrainsOnEveryImageNotTheFoldsEpochCount() {
        // 200 images: a fold of 160 trains 10 steps an epoch (40 epochs), every image 13 (31 epochs); the final run
        // is then the very run the benchmark's oracle trains for this candidate, whose regret it measures
        PlanReport.Candidate full = fineTune(List.of(0.9, 0.92, 0.88, 0.9, 0.91));
        Recipe chosen = CandidatePlans.finalRecipe(asked, full, 200, GROUPS);
        Recipe oracle = RecipeResolver.resolve(full.recipe().withData(chosen.data()), 200, GROUPS);
        assertThat(chosen.epochs()).isEqualTo(oracle.epochs()).isEqualTo(31)
                .isNotEqualTo(RecipeResolver.resolve(full.recipe(), 160, GROUPS).epochs());
        assertThat(chosen.withEarlyStopping(null)).isEqualTo(oracle.withEarlyStopping(null));
    }

    @Test
    void aLengthTheUserGaveIsKeptAndTheProbeFitsOnce() {
        Recipe withEpochs = asked.withPlan(asked.schedule(), null, asked.learningRate(), 9, asked.batchNorm(),
                asked.augmentation());
        assertThat(CandidatePlans.finalRecipe(withEpochs, fineTune(List.of(0.94)), LABELLED, GROUPS).epochs()).isEqualTo(9);

        Recipe probe = asked.withPlan(Schedule.parse("feature-extraction"), null, asked.learningRate(), 1, Recipe.BatchNorm.FROZEN_STATS,
                Recipe.Augmentation.NONE);
        Recipe chosen = CandidatePlans.finalRecipe(asked, new PlanReport.Candidate("linear-probe", "", PlanReport.Outcome.SCORED, "scored", 0.9, 0.01,
                0.3, 5, 1, List.of(0.9, 0.85, 0.95, 0.9, 0.9), probe), LABELLED, GROUPS);
        assertThat(chosen.epochs()).isEqualTo(1);
        assertThat(chosen.data().valFraction()).isZero();
    }

    @Test
    void aFineTuneTrainsAtTheSizeItsFoldsTrainedAtUnlessTheUserGaveOne() {
        PlanReport.Candidate atSmallSize = fineTune(List.of(0.94));
        Recipe small = atSmallSize.recipe().withData(new Recipe.Data("/data/set", null, 0.2, 160, null));
        PlanReport.Candidate sized = new PlanReport.Candidate("full", "", PlanReport.Outcome.SCORED, "scored", 0.94, 0.02,
                0.18, 1, 700, List.of(0.94), small);
        assertThat(CandidatePlans.finalRecipe(asked, sized, LABELLED, GROUPS).data().imageSize()).isEqualTo(160);
        Recipe given = asked.withData(new Recipe.Data("/data/set", null, 0.2, 192, null));
        assertThat(CandidatePlans.finalRecipe(given, sized, LABELLED, GROUPS).data().imageSize()).isEqualTo(192);
    }

    private PlanReport.Candidate fineTune(List<Double> foldAccuracies) {
        Recipe full = asked.withPlan(Schedule.parse("full"), null, new Recipe.LearningRate(0.0046, asked.learningRate().schedule(),
                asked.learningRate().discriminative(), null), 0, Recipe.BatchNorm.AUTO, Recipe.Augmentation.STANDARD);
        return new PlanReport.Candidate("full", "every group trains", PlanReport.Outcome.SCORED, "scored", 0.94, 0.02, 0.18, foldAccuracies.size(),
                700, foldAccuracies, full);
    }
}
