package dev.unfreeze.training.api;

import java.util.List;

/**
 * Everything a run needs, as a versioned JSON document. {@link RecipeCodec} reads, validates and
 * writes it; the command-line flags and the workbench both build one.
 *
 * @param version the format version, {@link #CURRENT_VERSION}
 * @param model a catalog id, a TorchScript file, an exported model folder or a URL
 * @param fromScratch same architecture, random initialisation: the baseline
 * @param data the images
 * @param head the new classification head
 * @param schedule an unfreeze preset such as {@code gradual} (see {@link UnfreezeSchedule}), or
 *     {@code auto}: a search picks the plan (see {@link PlanBudget})
 * @param thawEpochs an explicit thaw epoch per backbone group (null: use the preset); -1 is never
 * @param learningRate the base rate, its schedule and the per-group multipliers
 * @param optimizer the optimiser and weight decay
 * @param epochs how many epochs; 0: enough for about 200 optimiser steps on the data (10 to 50 epochs)
 * @param batchSize images per step
 * @param batchNorm {@code frozen-stats}, {@code adapt}, or {@code auto} (statistics adapt in the epochs
 *     in which backbone groups train; the frozen groups' statistics are put back after each epoch)
 * @param augmentation the training-time augmentation; null: {@link Augmentation#STANDARD} whenever
 *     backbone groups train, none otherwise
 * @param earlyStopping when to stop early; null to run every epoch
 * @param seed the seed for splitting, initialisation, shuffling and augmentation
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param threads engine threads, 0 for the engine's default
 */
public record Recipe(
        int version,
        String model,
        boolean fromScratch,
        Data data,
        Head head,
        String schedule,
        List<Integer> thawEpochs,
        LearningRate learningRate,
        Optimizer optimizer,
        int epochs,
        int batchSize,
        String batchNorm,
        Augmentation augmentation,
        EarlyStopping earlyStopping,
        long seed,
        String device,
        int threads) {

    /** The recipe format this version writes and reads. */
    public static final int CURRENT_VERSION = 1;

    /**
     * Where the images come from.
     *
     * @param train the dataset: a folder with one sub-folder per class (or with {@code train/},
     *     {@code val/} and {@code test/}), a zip or tar.gz of one, or a CSV/TSV manifest
     * @param val a separate validation folder, or null
     * @param valFraction the stratified share held out for validation when the source has no split;
     *     0 trains on every image (the automatic plan does so for tiny sets, having chosen by folds)
     * @param imageSize the input size; 0 uses the model's native size
     * @param fingerprint the dataset's fingerprint; when set, a run refuses data that no longer
     *     matches it (runs record it here)
     */
    public record Data(String train, String val, double valFraction, int imageSize, String fingerprint) {
        /** A copy that records a fingerprint. */
        public Data withFingerprint(String value) {
            return new Data(train, val, valFraction, imageSize, value);
        }
    }

    /**
     * The new head on top of the backbone's features.
     *
     * @param type {@code linear} or {@code mlp}
     * @param hidden units of the MLP's hidden layer
     * @param dropout dropout before the last layer
     */
    public record Head(String type, int hidden, double dropout) {}

    /**
     * Learning rates.
     *
     * @param base the head's peak learning rate
     * @param schedule {@code constant}, {@code cosine} or {@code one-cycle}
     * @param discriminative {@code none} or {@code ulmfit} (divide by 2.6 per group going down)
     * @param multipliers an explicit multiplier per backbone group (input to output), or null
     */
    public record LearningRate(double base, String schedule, String discriminative, List<Double> multipliers) {}

    /**
     * The optimiser.
     *
     * @param type {@code sgd}, {@code adam} or {@code adamw}
     * @param momentum SGD's momentum
     * @param weightDecay L2 (SGD, Adam) or decoupled (AdamW) weight decay
     */
    public record Optimizer(String type, double momentum, double weightDecay) {}

    /**
     * Training-time augmentation, each part optional.
     *
     * @param flip random horizontal flips
     * @param randomCrop random resized crops (60 to 100% of the area, aspect 3:4 to 4:3)
     * @param rotation the largest random rotation in degrees (0 for none)
     * @param colorJitter the strength of random brightness, contrast and saturation changes (0 for none, at most 1)
     */
    public record Augmentation(boolean flip, boolean randomCrop, double rotation, double colorJitter) {
        /** No augmentation. */
        public static final Augmentation NONE = new Augmentation(false, false, 0, 0);
        /** What {@code --augment}, and a recipe without an augmentation section whose backbone trains, use. */
        public static final Augmentation STANDARD = new Augmentation(true, true, 10, 0.2);

        /** Whether any augmentation is on. */
        public boolean any() {
            return flip || randomCrop || rotation > 0 || colorJitter > 0;
        }
    }

    /** A copy with another data section. */
    public Recipe withData(Data newData) {
        return new Recipe(version, model, fromScratch, newData, head, schedule, thawEpochs, learningRate,
                optimizer, epochs, batchSize, batchNorm, augmentation, earlyStopping, seed, device, threads);
    }

    /**
     * Early stopping.
     *
     * @param metric {@code val_loss} or {@code val_accuracy}
     * @param patience epochs without improvement before stopping
     */
    public record EarlyStopping(String metric, int patience) {}

    /** A copy with another schedule, training length and augmentation. */
    public Recipe withPlan(String newSchedule, List<Integer> newThawEpochs, LearningRate newRates, int newEpochs,
            String newBatchNorm, Augmentation newAugmentation) {
        return new Recipe(version, model, fromScratch, data, head, newSchedule, newThawEpochs, newRates,
                optimizer, newEpochs, batchSize, newBatchNorm, newAugmentation, earlyStopping, seed, device, threads);
    }

    /** A copy with another early-stopping rule (null: none). */
    public Recipe withEarlyStopping(EarlyStopping newEarlyStopping) {
        return new Recipe(version, model, fromScratch, data, head, schedule, thawEpochs, learningRate,
                optimizer, epochs, batchSize, batchNorm, augmentation, newEarlyStopping, seed, device, threads);
    }

    /** A copy with another head. */
    public Recipe withHead(Head newHead) {
        return new Recipe(version, model, fromScratch, data, newHead, schedule, thawEpochs, learningRate,
                optimizer, epochs, batchSize, batchNorm, augmentation, earlyStopping, seed, device, threads);
    }

    /** A copy with another model. */
    public Recipe withModel(String newModel) {
        return new Recipe(version, newModel, fromScratch, data, head, schedule, thawEpochs, learningRate,
                optimizer, epochs, batchSize, batchNorm, augmentation, earlyStopping, seed, device, threads);
    }

    /** A copy that trains the same architecture from random weights. */
    public Recipe withFromScratch(boolean scratch) {
        return new Recipe(version, model, scratch, data, head, schedule, thawEpochs, learningRate,
                optimizer, epochs, batchSize, batchNorm, augmentation, earlyStopping, seed, device, threads);
    }

    /** A copy with an explicit thaw epoch per backbone group. */
    public Recipe withThawEpochs(List<Integer> epochsPerGroup) {
        return new Recipe(version, model, fromScratch, data, head, schedule, epochsPerGroup, learningRate,
                optimizer, epochs, batchSize, batchNorm, augmentation, earlyStopping, seed, device, threads);
    }
}
