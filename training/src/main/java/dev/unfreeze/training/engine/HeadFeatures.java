package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.catalog.ModelMetadata;

/**
 * What a run's head reads when its recipe leaves it unset, decided once when the run starts and written into its
 * recipe: the features of every stage when the backbone stays frozen (the feature-extraction schedule, or the
 * automatic plan's probe) and the model offers them, the pooled output of its last group otherwise. On the quality
 * benchmark a linear probe on every stage of the bundled MobileNetV2 scored above one on its last group on 39 of 41
 * tasks and below it on none (docs/quality-benchmark.md, "A probe on every stage"). A fine-tune's head reads the last
 * group: the stages are read from the backbone in inference mode, which trains nothing below the head, and BitFit
 * with its head on every stage scored lower than on the last group (same file, "A fine-tune's head on every stage").
 */
final class HeadFeatures {
    private HeadFeatures() {}

    /** The recipe with its head's features decided (unchanged when they are set). */
    static Recipe resolve(Recipe recipe, ModelMetadata model) {
        if (recipe.head().features() != null) {
            return recipe;
        }
        boolean frozen = recipe.thawEpochs() == null && (recipe.schedule() instanceof Schedule.FeatureExtraction
                || recipe.schedule() instanceof Schedule.Automatic) && !recipe.fromScratch();
        return recipe.withHead(recipe.head().withFeatures(frozen && model.stageFeatures() != null
                ? RecipeHead.Features.STAGES : RecipeHead.Features.LAST_GROUP));
    }

    /** A fine-tune's head: the last group's features, whatever the plan's probe reads. */
    static RecipeHead forFineTune(RecipeHead asked) {
        return asked.withFeatures(RecipeHead.Features.LAST_GROUP);
    }
}
