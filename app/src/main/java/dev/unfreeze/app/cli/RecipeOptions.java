package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.InvalidRecipeException;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.RecipeCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags that make a recipe, shared by {@code train} and {@code lr-find}, so that the range test
 * sweeps exactly the recipe the same flags would train: the shared defaults (or a recipe file), each
 * flag given replacing one value, validated after every flag is applied.
 */
final class RecipeOptions {
    @Option(names = "--model", paramLabel = "ID|FILE|URL", description = "Pretrained model (default mobilenet_v2).")
    String model;
    @Option(names = "--data", paramLabel = "SOURCE", description = "The dataset: a folder of class folders (or with train/, val/, test/), a .zip or .tar.gz of one, or a CSV/TSV manifest of path,label.")
    String data;
    @Option(names = "--val", paramLabel = "DIR", description = "Separate validation images.")
    String val;
    @Option(names = "--schedule", paramLabel = "PRESET",
            description = "auto (default: search the candidate plans, train the best), feature-extraction, partial:N, full, bitfit (only the scales, shifts and biases train), gradual or two-stage:K.")
    String schedule;
    @Option(names = "--budget", paramLabel = "X|TIME",
            description = "With --schedule auto: search for at most X times one estimated training run (default 2), "
                    + "or give the whole run a time such as 90s, 5m or 1h.")
    String budget;
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs; 0 (default): about 400 optimiser steps, 10 to 50 epochs.")
    Integer epochs;
    @Option(names = "--lr", paramLabel = "X", description = "Base (head) learning rate.")
    Double lr;
    @Option(names = "--lr-schedule", paramLabel = "NAME", description = "constant, cosine or one-cycle.")
    String lrSchedule;
    @Option(names = "--discriminative", paramLabel = "NAME", description = "none or ulmfit (rate / 2.6 per group down).")
    String discriminative;
    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, adam or adamw.")
    String optimizer;
    @Option(names = "--weight-decay", paramLabel = "X")
    Double weightDecay;
    @Option(names = "--batch-size", paramLabel = "N")
    Integer batchSize;
    @Option(names = "--image-size", paramLabel = "N", description = "Input size (default: the model's own; 160 when a network trains on images under 96 px).")
    Integer imageSize;
    @Option(names = "--head", paramLabel = "TYPE", description = "linear or mlp.")
    String head;
    @Option(names = "--head-start", paramLabel = "FROM", description = "new (default) or probe: a fine-tune's linear head "
            + "starts from a linear probe fitted on the frozen backbone's features (LP-FT).")
    String headStart;
    @Option(names = "--batch-norm", paramLabel = "POLICY", description = "auto (default: statistics adapt while the whole backbone trains), frozen-stats or adapt.")
    String batchNorm;
    @Option(names = "--augment", description = "Random flips, resized crops, small rotations (10 degrees) and colour jitter (0.2) while training; "
            + "--augment=false: none. Without either, a pretrained backbone that trains gets flips only on pictures like "
            + "its own at its input (photographs, textures) and all four on images unlike them.")
    Boolean augment;
    @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "Stop after this many epochs without a better validation loss.")
    Integer patience;
    @Option(names = "--seed", paramLabel = "N")
    Long seed;
    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or gpu.")
    String device;
    @Option(names = "--threads", paramLabel = "N", description = "Engine threads (0: engine default).")
    Integer threads;
    @Option(names = "--from-scratch", description = "Random initialisation: the baseline to compare transfer against.")
    boolean fromScratch;
    @Option(names = "--recipe", paramLabel = "FILE", description = "A recipe JSON file to start from; the flags above override its values.")
    Path recipeFile;

    /** The recipe these flags make, validated (one sentence per problem). */
    Recipe recipe() throws IOException {
        // the file's values are checked after the flags have changed them (--data fills a file without one)
        Recipe r = recipeFile != null ? RecipeCodec.readUnchecked(recipeFile) : RecipeCodec.defaults();
        Recipe.Data d = r.data();
        d = new Recipe.Data(data != null ? data : d.train(), val != null ? val : d.val(), d.valFraction(),
                imageSize != null ? imageSize : d.imageSize(), data != null ? null : d.fingerprint());
        RecipeHead h = head != null
                ? r.head().withType(ChoiceFlags.parse(RecipeHead.Type.class, head, "--head"))
                : r.head();
        if (headStart != null) {
            h = h.withStart(ChoiceFlags.parse(RecipeHead.Start.class, headStart, "--head-start"));
        }
        Recipe.LearningRate l = new Recipe.LearningRate(lr != null ? lr : r.learningRate().base(),
                lrSchedule != null ? ChoiceFlags.parse(Recipe.LearningRate.Schedule.class, lrSchedule, "--lr-schedule")
                        : r.learningRate().schedule(),
                discriminative != null
                        ? ChoiceFlags.parse(Recipe.LearningRate.Discriminative.class, discriminative, "--discriminative")
                        : r.learningRate().discriminative(), r.learningRate().multipliers());
        Recipe.Optimizer o = new Recipe.Optimizer(
                optimizer != null ? ChoiceFlags.parse(Recipe.Optimizer.Type.class, optimizer, "--optimizer") : r.optimizer().type(),
                r.optimizer().momentum(), weightDecay != null ? weightDecay : r.optimizer().weightDecay());
        Recipe.Augmentation a = augment != null ? (augment ? Recipe.Augmentation.STANDARD : Recipe.Augmentation.NONE) : r.augmentation();
        Recipe.EarlyStopping e = patience != null ? new Recipe.EarlyStopping(Recipe.EarlyStopping.Metric.VAL_LOSS, patience) : r.earlyStopping();
        Schedule chosenSchedule = schedule != null ? Schedule.parse(schedule) : r.schedule();
        if (budget != null) {
            if (!chosenSchedule.automatic()) {
                throw InvalidRecipeException.of("--budget applies to --schedule auto only, not to '" + chosenSchedule.text()
                        + "'");
            }
            try {
                chosenSchedule = new Schedule.Automatic(PlanBudget.parse(budget, "--budget"));
            } catch (IllegalArgumentException unreadable) {
                throw InvalidRecipeException.of(unreadable.getMessage());
            }
        }
        Recipe built = r.toBuilder()
                .setModel(model != null ? model : r.model())
                .setData(d)
                .optFromScratch(fromScratch || r.fromScratch())
                .optHead(h)
                .optSchedule(chosenSchedule)
                .optThawEpochs(schedule != null ? null : r.thawEpochs())
                .optLearningRate(l)
                .optOptimizer(o)
                .optEpochs(epochs != null ? epochs : r.epochs())
                .optBatchSize(batchSize != null ? batchSize : r.batchSize())
                .optBatchNorm(batchNorm != null ? ChoiceFlags.parse(Recipe.BatchNorm.class, batchNorm, "--batch-norm")
                        : r.batchNorm())
                .optAugmentation(a)
                .optEarlyStopping(e)
                .optSeed(seed != null ? seed : r.seed())
                .optDevice(device != null ? ChoiceFlags.parse(Recipe.Device.class, device, "--device") : r.device())
                .optThreads(threads != null ? threads : r.threads())
                .build();
        return RecipeCodec.validate(built);
    }
}
