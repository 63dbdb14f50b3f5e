package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.data.Sample;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The augmentation of a run whose recipe names none while pretrained backbone groups train: it depends on how unlike
 * the backbone's pictures the images are at its input ({@link Recipe.Augmentation#forPretrained}), measured on one
 * batch of them (about 3 s). The run's recipe.json records the choice, so running it again repeats it.
 */
final class PretrainedAugmentation {
    private PretrainedAugmentation() {}

    /**
     * The recipe with its augmentation decided where the images decide it, and said in a notice; unchanged when the
     * recipe names one, trains from scratch or keeps every backbone group frozen.
     */
    static Recipe decide(Recipe asked, ResolvedModel base, List<String> classes, List<Sample> train, int groupCount,
            Consumer<TrainingEvent> events) {
        if (asked.augmentation() != null || asked.fromScratch()
                || !PreparedRun.schedule(asked, groupCount).anyBackboneEverTrains()) {
            return asked;
        }
        double shift = StatisticsShift.atInputOrNaN(base, classes, train, asked.seed(),
                step -> events.accept(new TrainingEvent.Preparing(step, 0)));
        Recipe.Augmentation chosen = Recipe.Augmentation.forPretrained(shift);
        events.accept(new TrainingEvent.Notice(notice(chosen, shift)));
        return asked.withPlan(asked.schedule(), asked.thawEpochs(), asked.learningRate(), asked.epochs(), asked.batchNorm(),
                chosen);
    }

    /** What the run says about its augmentation, and why. */
    static String notice(Recipe.Augmentation chosen, double shift) {
        if (Double.isNaN(shift)) {
            return "Augmentation: flips, resized crops, rotation and colour jitter (the images could not be compared"
                    + " with the backbone's own at its input)";
        }
        return chosen.equals(Recipe.Augmentation.FLIPS)
                ? String.format(Locale.ROOT, "Augmentation: mirror images only, as for pictures like the backbone's own"
                        + " at its input (statistics shift %.2f): crops and colour jitter would take away the scale and"
                        + " colour its features read; --augment turns them on", shift)
                : String.format(Locale.ROOT, "Augmentation: flips, resized crops, rotation and colour jitter, as for"
                        + " images unlike the backbone's own at its input (statistics shift %.2f)", shift);
    }
}
