package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * The plans the search weighs, as recipes: what practitioners reach for on a small dataset (a linear probe fitted
 * to convergence, BitFit, the top third of the backbone, gradual unfreezing, the whole network), and the recipe the
 * winner's final run trains with. Two-stage (the head alone, then everything) is a preset but not a candidate: it
 * never won on the benchmark's oracle tasks (docs/quality-benchmark.md).
 */
final class CandidatePlans {
    private CandidatePlans() {}

    /** The probe: the backbone frozen, statistics frozen, no augmentation; one pass of feature extraction. */
    static PlanCandidate probe(Recipe recipe) {
        Recipe probe = recipe.withPlan(new Schedule.FeatureExtraction(), null, recipe.learningRate(), 1, Recipe.BatchNorm.FROZEN_STATS,
                Recipe.Augmentation.NONE).withHead(probeHead(recipe.head()));
        String reads = probe.head().reads() == RecipeHead.Features.STAGES
                ? " on the pooled output of every stage" : "";
        return new PlanCandidate("linear-probe", "backbone frozen; a linear head fitted to convergence" + reads
                + " (L-BFGS, L2 by cross-validation)", probe);
    }

    /**
     * A linear head for the probe: the asked one when it is linear (its dropout, idle at inference, keeps the
     * network's layout the same as the fine-tuning candidates'), else a plain one.
     */
    private static RecipeHead probeHead(RecipeHead asked) {
        return asked.type() == RecipeHead.Type.LINEAR ? asked
                : asked.withType(RecipeHead.Type.LINEAR).withDropout(0);
    }

    /**
     * The fine-tuning set-up the candidates share: SGD, discriminative rates, statistics adapting, augmentation,
     * and no early stopping: a fold's run trains its whole length and is scored at its end, as the final run that
     * refits it on every image will be (stopped early on a fold's few held-out images, a fine-tune was judged by
     * its first epochs).
     */
    static Recipe fineTuneBase(Recipe recipe, int groupCount) {
        return recipe.withPlan(new Schedule.Full(), null, new Recipe.LearningRate(recipe.learningRate().base(),
                Recipe.LearningRate.Schedule.COSINE, Recipe.LearningRate.Discriminative.NONE, spread(groupCount)),
                recipe.epochs(), Recipe.BatchNorm.AUTO, null).withEarlyStopping(null)
                .withHead(HeadFeatures.forFineTune(recipe.head()));
    }

    /** Multipliers from 0.1 at the input group to 1 at the top: a tenfold spread, as fastai's {@code fine_tune}. */
    static List<Double> spread(int groupCount) {
        List<Double> result = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            result.add(groupCount == 1 ? 1.0 : Math.pow(10, -(groupCount - 1 - g) / (double) (groupCount - 1)));
        }
        return result;
    }

    /**
     * The fine-tuning candidates at the range test's rate, with the base's augmentation: BitFit, the top third, the
     * whole network at one flat rate (with the tenfold spread it trailed the top third; flat, it matched the plain
     * PyTorch fine-tune), and gradual unfreezing with the spread.
     */
    static List<PlanCandidate> fineTunes(Recipe fineTune, double rate, int groupCount) {
        int top = Math.max(1, (groupCount + 2) / 3);
        Recipe.LearningRate spreadRates = new Recipe.LearningRate(rate, Recipe.LearningRate.Schedule.COSINE,
                Recipe.LearningRate.Discriminative.NONE, spread(groupCount));
        Recipe.LearningRate flat = new Recipe.LearningRate(rate, Recipe.LearningRate.Schedule.COSINE,
                Recipe.LearningRate.Discriminative.NONE, null);
        return List.of(
                new PlanCandidate("only the scales, shifts and biases of every group train, with the head "
                        + "(BitFit); kernels and statistics stay the pretrained ones",
                        fineTune.withPlan(new Schedule.BitFit(), null, flat, fineTune.epochs(), Recipe.BatchNorm.AUTO,
                                fineTune.augmentation())),
                new PlanCandidate("the top " + top + " of " + groupCount + " groups and the head train",
                        fineTune.withPlan(new Schedule.Partial(top), null, flat, fineTune.epochs(), Recipe.BatchNorm.AUTO,
                                fineTune.augmentation())),
                new PlanCandidate("every group trains from the start, one rate for all",
                        fineTune.withPlan(new Schedule.Full(), null, flat, fineTune.epochs(), Recipe.BatchNorm.AUTO,
                                fineTune.augmentation())),
                new PlanCandidate("head first, then one more group per epoch from the top (ULMFiT), tenfold "
                        + "spread", fineTune.withPlan(new Schedule.Gradual(), null, spreadRates, fineTune.epochs(), Recipe.BatchNorm.AUTO,
                        fineTune.augmentation())));
    }

    /**
     * The winner's recipe for the final run, which trains on every labelled image, as practitioners refit after
     * cross-validation: the folds have already given the evidence a held-out part would. A linear probe chooses its
     * own L2 strength by folds. A fine-tune trains for the length the user gave, or else for the length its own
     * recipe gives every labelled image (about {@link dev.unfreeze.training.api.TrainingLength#TARGET_STEPS} steps,
     * as on a fold), its cosine schedule run to its end: the candidate's final model is then exactly the one the
     * benchmark's oracle trains (a run cut to the folds' best epoch lost on every task it was measured on; the
     * folds' epoch count, more steps on more images, did no better: docs/quality-benchmark.md).
     *
     * @param labelled the images the final run trains on
     * @param groupCount the backbone's layer groups
     */
    static Recipe finalRecipe(Recipe asked, PlanReport.Candidate best, int labelled, int groupCount) {
        Recipe r = best.recipe().withData(asked.data());
        boolean probe = PlanFamily.of(best.recipe()) == PlanFamily.LINEAR_PROBE;
        int epochs = probe ? 1 : asked.epochs() > 0 ? asked.epochs()
                : RecipeResolver.resolve(best.recipe(), labelled, groupCount).epochs();
        Recipe.Data data = asked.data();
        // at the size its folds trained at (the fine-tunes' rule for small images; the probe's model's own)
        int size = data.imageSize() > 0 ? data.imageSize() : best.recipe().data().imageSize();
        return r.withData(new Recipe.Data(data.train(), data.val(), 0, size, data.fingerprint()))
                .withPlan(r.schedule(), r.thawEpochs(), r.learningRate(), Math.max(1, epochs), r.batchNorm(),
                        r.augmentation())
                .withEarlyStopping(null);
    }
}
