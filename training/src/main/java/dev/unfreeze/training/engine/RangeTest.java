package dev.unfreeze.training.engine;

import ai.djl.Device;
import dev.unfreeze.training.api.InputSize;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.data.Split;
import java.util.List;
import java.util.function.IntConsumer;

/** {@code unfreeze lr-find}: a range test on a recipe's training images, on a throwaway copy of the network. */
public final class RangeTest {
    private RangeTest() {}

    /**
     * Runs the range test for a recipe; {@code auto} sweeps the fine-tuning set-up the plan search uses.
     *
     * @param steps optimiser steps in the sweep
     */
    public static RateCurve run(Recipe asked, ModelCatalog catalog, int steps, IntConsumer progress) throws Exception {
        Device device = Devices.select(asked.device());
        Devices.setThreads(asked.threads());
        ResolvedModel base = catalog.resolve(asked.model());
        DatasetInspector.Inspection dataset = Datasets.inspect(asked.data().train(), asked.data().val(),
                catalog.workspace().cache(), p -> { });
        PreparedRun.refuseIfUnusable(asked, dataset.report());
        Recipe recipe = InputSize.resolve(asked, base.metadata().inputSize(), dataset.report().images());
        List<Sample> train = dataset.samples(Split.TRAIN, Split.UNSPLIT);
        int groups;
        try (AdaptedModel probe = AdaptedModel.create(base, dataset.classes(), recipe.head(), false,
                recipe.data().imageSize(), recipe.seed(), device)) {
            groups = probe.groups().size();
            Recipe swept = recipe.schedule().automatic() ? recipe.withPlan(new Schedule.Full(), null,
                    new Recipe.LearningRate(recipe.learningRate().base(), Recipe.LearningRate.Schedule.CONSTANT,
                            Recipe.LearningRate.Discriminative.NONE, CandidatePlans.spread(groups)),
                    recipe.epochs(), Recipe.BatchNorm.AUTO, recipe.augmentation()) : recipe;
            swept = RecipeResolver.resolve(swept, train.size(), groups);
            try (DecodedImages images = DecodedImages.decode(train, probe.preprocessing(),
                    Runtime.getRuntime().maxMemory() / 3, catalog.workspace().cache().resolve("decoded"))) {
                return RateFinder.sweep(base, dataset.classes(), images, swept, steps, device, progress);
            }
        }
    }
}
