package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the automatic plan's final run trains on, and for how long, once the folds have chosen. */
class FinalRecipeTest {
    private static final int FOLD_LENGTH = 16;
    private final Recipe asked = RecipeCodec.defaults()
            .withData(new Recipe.Data("/data/set", null, 0.2, 0, null));

    @Test
    void aFineTuneWithEnoughImagesTrainsOnEveryImageForTheLengthTheFoldsRan() {
        Recipe chosen = CandidatePlans.finalRecipe(asked, fineTune(List.of(0.92, 0.96)), FOLD_LENGTH);

        assertThat(chosen.data().valFraction()).as("no held-out part: the folds were the evidence").isZero();
        assertThat(chosen.epochs()).as("the schedule the folds validated, to its end, not cut at a best epoch")
                .isEqualTo(FOLD_LENGTH);
        assertThat(chosen.earlyStopping()).isNull();
        assertThat(chosen.schedule().text()).isEqualTo("full");
        assertThat(chosen.learningRate().base()).isEqualTo(0.0046);
    }

    @Test
    void aLengthTheUserGaveIsKeptAndTheProbeFitsOnce() {
        Recipe withEpochs = asked.withPlan(asked.schedule(), null, asked.learningRate(), 9, asked.batchNorm(),
                asked.augmentation());
        assertThat(CandidatePlans.finalRecipe(withEpochs, fineTune(List.of(0.94)), FOLD_LENGTH).epochs()).isEqualTo(9);

        Recipe probe = asked.withPlan(Schedule.parse("feature-extraction"), null, asked.learningRate(), 1, Recipe.BatchNorm.FROZEN_STATS,
                Recipe.Augmentation.NONE);
        Recipe chosen = CandidatePlans.finalRecipe(asked, new PlanReport.Candidate("linear-probe", "", PlanReport.Outcome.SCORED, "scored", 0.9, 0.01,
                0.3, 5, 1, List.of(0.9, 0.85, 0.95, 0.9, 0.9), probe), FOLD_LENGTH);
        assertThat(chosen.epochs()).isEqualTo(1);
        assertThat(chosen.data().valFraction()).isZero();
    }

    @Test
    void aFineTuneTrainsAtTheSizeItsFoldsTrainedAtUnlessTheUserGaveOne() {
        PlanReport.Candidate atSmallSize = fineTune(List.of(0.94));
        Recipe small = atSmallSize.recipe().withData(new Recipe.Data("/data/set", null, 0.2, 160, null));
        PlanReport.Candidate sized = new PlanReport.Candidate("full", "", PlanReport.Outcome.SCORED, "scored", 0.94, 0.02,
                0.18, 1, 700, List.of(0.94), small);
        assertThat(CandidatePlans.finalRecipe(asked, sized, FOLD_LENGTH).data().imageSize()).isEqualTo(160);
        Recipe given = asked.withData(new Recipe.Data("/data/set", null, 0.2, 192, null));
        assertThat(CandidatePlans.finalRecipe(given, sized, FOLD_LENGTH).data().imageSize()).isEqualTo(192);
    }

    private PlanReport.Candidate fineTune(List<Double> foldAccuracies) {
        Recipe full = asked.withPlan(Schedule.parse("full"), null, new Recipe.LearningRate(0.0046, asked.learningRate().schedule(),
                asked.learningRate().discriminative(), null), 0, Recipe.BatchNorm.AUTO, Recipe.Augmentation.STANDARD);
        return new PlanReport.Candidate("full", "every group trains", PlanReport.Outcome.SCORED, "scored", 0.94, 0.02, 0.18, foldAccuracies.size(),
                700, foldAccuracies, full);
    }
}
