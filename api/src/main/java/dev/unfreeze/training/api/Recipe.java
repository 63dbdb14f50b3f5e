package dev.unfreeze.training.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Everything a run needs, as a versioned JSON document. {@link RecipeCodec} reads, validates and
 * writes it; the command-line flags and the workbench both build one, with {@link #builder()}
 * (which starts from {@link RecipeCodec#defaults()}) or {@link #toBuilder()}. The fixed choices are
 * enums whose JSON form is the word a recipe file uses ({@link Choice}).
 *
 * @param version the format version, {@link #CURRENT_VERSION}
 * @param model a catalog id, a TorchScript file, an exported model folder or a URL
 * @param fromScratch same architecture, random initialisation: the baseline
 * @param data the images
 * @param head the new classification head
 * @param schedule the plan: a preset such as gradual, the thaw epochs given one by one, or the automatic plan,
 *     which a search picks (see {@link Schedule})
 * @param thawEpochs an explicit thaw epoch per backbone group (null: use the preset); -1 is never
 * @param learningRate the base rate, its schedule and the per-group multipliers
 * @param optimizer the optimiser and weight decay
 * @param epochs how many epochs; 0: enough for about 400 optimiser steps on the data (10 to 50 epochs)
 * @param batchSize images per step
 * @param batchNorm how BatchNorm statistics behave (see {@link BatchNorm})
 * @param augmentation the training-time augmentation; null: whenever backbone groups train, decided by the run
 *     ({@link Augmentation#forPretrained}; {@link Augmentation#STANDARD} from scratch or where it cannot be measured),
 *     none otherwise
 * @param earlyStopping when to stop early; null to run every epoch
 * @param seed the seed for splitting, initialisation, shuffling and augmentation
 * @param device where to train
 * @param threads engine threads, 0 for the engine's default
 */
public record Recipe(
        int version,
        String model,
        boolean fromScratch,
        Data data,
        RecipeHead head,
        Schedule schedule,
        List<Integer> thawEpochs,
        LearningRate learningRate,
        Optimizer optimizer,
        int epochs,
        int batchSize,
        BatchNorm batchNorm,
        Augmentation augmentation,
        EarlyStopping earlyStopping,
        long seed,
        Device device,
        int threads) {

    /** The recipe format this version writes and reads. */
    public static final int CURRENT_VERSION = 1;

    public Recipe {
        thawEpochs = copy(thawEpochs);
    }

    /** An unmodifiable copy (null stays null; null elements are kept for the validator to name). */
    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** A builder that starts from {@link RecipeCodec#defaults()}. */
    public static RecipeBuilder builder() {
        return new RecipeBuilder(RecipeCodec.defaults());
    }

    /** A builder that starts from this recipe. */
    public RecipeBuilder toBuilder() {
        return new RecipeBuilder(this);
    }

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
     * Learning rates.
     *
     * @param base the head's peak learning rate
     * @param schedule how the rate changes over the run
     * @param discriminative how lower groups' rates relate to the head's
     * @param multipliers an explicit multiplier per backbone group (input to output), or null
     */
    public record LearningRate(double base, Schedule schedule, Discriminative discriminative, List<Double> multipliers) {
        public LearningRate {
            multipliers = copy(multipliers);
        }

        /** The rate over the run: constant, cosine (with a short warm-up) or one cycle. */
        public enum Schedule implements Choice {
            CONSTANT, COSINE, ONE_CYCLE
        }

        /** Per-group rates: the same for all, or ULMFiT's (divided by 2.6 per group going down). */
        public enum Discriminative implements Choice {
            NONE, ULMFIT
        }
    }

    /**
     * The optimiser.
     *
     * @param type which optimiser
     * @param momentum SGD's momentum
     * @param weightDecay L2 (SGD, Adam) or decoupled (AdamW) weight decay
     */
    public record Optimizer(Type type, double momentum, double weightDecay) {
        /** The optimisers Unfreeze trains with. */
        public enum Type implements Choice {
            SGD, ADAM, ADAMW
        }
    }

    /**
     * How BatchNorm statistics behave: kept as pretrained ({@code frozen-stats}), updated whenever
     * the network trains ({@code adapt}), or {@code auto}: updated in the epochs in which backbone
     * groups train, with the frozen groups' statistics put back after each epoch.
     */
    public enum BatchNorm implements Choice {
        FROZEN_STATS, ADAPT, AUTO
    }

    /** Where to train: a GPU when the engine has one ({@code auto}), the CPU, or a GPU required. */
    public enum Device implements Choice {
        AUTO, CPU, GPU
    }

    /**
     * Training-time augmentation, each part optional.
     *
     * @param flip random horizontal flips
     * @param randomCrop random resized crops (60 to 100% of the area, aspect 3:4 to 4:3)
     * @param rotation the largest random rotation in degrees (0 for none)
     * @param colorJitter the strength of random brightness, contrast and saturation changes (0 for none, at most 1)
     * @param translate the largest random shift of the picture, as a fraction of its side (0 for none, at most 0.5):
     *     it moves the picture without changing its scale, the edges mirrored
     */
    public record Augmentation(boolean flip, boolean randomCrop, double rotation, double colorJitter, double translate) {
        /** Without a shift: the augmentation recipes had before shifts existed. */
        public Augmentation(boolean flip, boolean randomCrop, double rotation, double colorJitter) {
            this(flip, randomCrop, rotation, colorJitter, 0);
        }

        /** No augmentation. */
        public static final Augmentation NONE = new Augmentation(false, false, 0, 0);
        /**
         * What {@code --augment} uses, and a recipe without an augmentation section whose backbone trains from scratch
         * or on images unlike its pictures: crops that change the scale, rotation and colour jitter.
         */
        public static final Augmentation STANDARD = new Augmentation(true, true, 10, 0.2);
        /** Mirror images only: what a pretrained backbone trains with on pictures like its own (see forPretrained). */
        public static final Augmentation FLIPS = new Augmentation(true, false, 0, 0);

        /**
         * The augmentation for a pretrained backbone whose groups train, by how unlike its pictures the images are at
         * its input ({@link PlanOrderThresholds#shiftAtInput}): mirror images only for pictures like the backbone's,
         * where crops, rotation and jitter take away cues its features already read (scale, colour) and cost the
         * benchmark's photographs and textures more than they gave; the standard set for others (glyphs) and where
         * nothing was measured (NaN). The measurements are in docs/quality-benchmark.md.
         */
        public static Augmentation forPretrained(double shiftAtInput) {
            return shiftAtInput < PlanOrderThresholds.FOREIGN_AT_INPUT ? FLIPS : STANDARD;
        }

        /** A copy with another largest rotation. */
        public Augmentation withRotation(double degrees) {
            return new Augmentation(flip, randomCrop, degrees, colorJitter, translate);
        }

        /** A copy with another colour jitter strength. */
        public Augmentation withColorJitter(double strength) {
            return new Augmentation(flip, randomCrop, rotation, strength, translate);
        }

        /** A copy with another largest shift. */
        public Augmentation withTranslate(double share) {
            return new Augmentation(flip, randomCrop, rotation, colorJitter, share);
        }

        /** Whether any augmentation is on. */
        public boolean any() {
            return flip || randomCrop || rotation > 0 || colorJitter > 0 || translate > 0;
        }
    }

    /** A copy with another data section. */
    public Recipe withData(Data newData) {
        return toBuilder().setData(newData).build();
    }

    /**
     * Early stopping.
     *
     * @param metric what has to improve
     * @param patience epochs without improvement before stopping
     */
    public record EarlyStopping(Metric metric, int patience) {
        /** The validation figure early stopping watches: its words keep the underscore of Keras' {@code val_loss}. */
        public enum Metric implements Choice {
            VAL_LOSS, VAL_ACCURACY;

            @Override
            public String word() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /** A copy with another schedule, training length and augmentation. */
    public Recipe withPlan(Schedule newSchedule, List<Integer> newThawEpochs, LearningRate newRates, int newEpochs,
            BatchNorm newBatchNorm, Augmentation newAugmentation) {
        return toBuilder().optSchedule(newSchedule).optThawEpochs(newThawEpochs).optLearningRate(newRates)
                .optEpochs(newEpochs).optBatchNorm(newBatchNorm).optAugmentation(newAugmentation).build();
    }

    /** A copy with another early-stopping rule (null: none). */
    public Recipe withEarlyStopping(EarlyStopping newEarlyStopping) {
        return toBuilder().optEarlyStopping(newEarlyStopping).build();
    }

    /** A copy with another head. */
    public Recipe withHead(RecipeHead newHead) {
        return toBuilder().optHead(newHead).build();
    }

    /** A copy with another model. */
    public Recipe withModel(String newModel) {
        return toBuilder().setModel(newModel).build();
    }

    /** A copy that trains the same architecture from random weights. */
    public Recipe withFromScratch(boolean scratch) {
        return toBuilder().optFromScratch(scratch).build();
    }

    /** A copy with an explicit thaw epoch per backbone group. */
    public Recipe withThawEpochs(List<Integer> epochsPerGroup) {
        return toBuilder().optThawEpochs(epochsPerGroup).build();
    }
}
