package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.TrainingLength;
import dev.unfreeze.training.api.UnfreezeSchedule;

/**
 * Turns a recipe's "decide for me" values into the concrete ones a run records, once the data is
 * known: the training length from an optimiser-step budget and augmentation from whether the
 * backbone trains. A run's {@code recipe.json} holds the result, so running it again repeats it.
 */
public final class RecipeResolver {
    private RecipeResolver() {}

    /**
     * The recipe with every automatic value decided.
     *
     * @param trainImages the images trained on per epoch
     * @param groupCount the backbone's layer groups
     */
    public static Recipe resolve(Recipe recipe, int trainImages, int groupCount) {
        UnfreezeSchedule schedule = PreparedRun.schedule(recipe, groupCount);
        boolean backboneTrains = recipe.fromScratch() || schedule.anyBackboneEverTrains();
        Recipe.Augmentation augmentation = recipe.augmentation() != null ? recipe.augmentation()
                : backboneTrains ? Recipe.Augmentation.STANDARD : Recipe.Augmentation.NONE;
        Recipe resolved = recipe.withPlan(recipe.schedule(), recipe.thawEpochs(), recipe.learningRate(), recipe.epochs(),
                recipe.batchNorm(), augmentation);
        int epochs = recipe.epochs() > 0 ? recipe.epochs()
                : probeOnly(resolved, schedule) ? 1 : TrainingLength.epochs(trainImages, recipe.batchSize(), schedule);
        return resolved.withPlan(recipe.schedule(), recipe.thawEpochs(), recipe.learningRate(), epochs, recipe.batchNorm(),
                augmentation);
    }

    /**
     * Whether the run is a linear head on fixed features, fitted to convergence by {@link LinearProbe}
     * instead of by epochs of SGD: no group ever thaws, the head is linear, and nothing changes the
     * features between epochs (augmentation, adapting statistics, random initial weights).
     */
    static boolean probeOnly(Recipe resolved, UnfreezeSchedule schedule) {
        return schedule.thawEpochs().stream().allMatch(e -> e == UnfreezeSchedule.NEVER) && !resolved.fromScratch()
                && resolved.head().type() == RecipeHead.Type.LINEAR && resolved.batchNorm() != Recipe.BatchNorm.ADAPT
                && (resolved.augmentation() == null || !resolved.augmentation().any());
    }
}
