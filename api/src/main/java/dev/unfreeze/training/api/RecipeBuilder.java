package dev.unfreeze.training.api;

import java.util.List;

/**
 * Builds a recipe in DJL's style: {@code set…} for what every run names (the model and the
 * data), {@code opt…} for the rest, which keep the values the builder started from. The result
 * is not validated here: {@link RecipeCodec#validate} and every training service do that.
 */
public final class RecipeBuilder {
    private int version;
    private String model;
    private boolean fromScratch;
    private Recipe.Data data;
    private RecipeHead head;
    private Schedule schedule;
    private List<Integer> thawEpochs;
    private Recipe.LearningRate learningRate;
    private Recipe.Optimizer optimizer;
    private int epochs;
    private int batchSize;
    private Recipe.BatchNorm batchNorm;
    private Recipe.Augmentation augmentation;
    private Recipe.EarlyStopping earlyStopping;
    private long seed;
    private Recipe.Device device;
    private int threads;

    RecipeBuilder(Recipe from) {
        version = from.version();
        model = from.model();
        fromScratch = from.fromScratch();
        data = from.data();
        head = from.head();
        schedule = from.schedule();
        thawEpochs = from.thawEpochs();
        learningRate = from.learningRate();
        optimizer = from.optimizer();
        epochs = from.epochs();
        batchSize = from.batchSize();
        batchNorm = from.batchNorm();
        augmentation = from.augmentation();
        earlyStopping = from.earlyStopping();
        seed = from.seed();
        device = from.device();
        threads = from.threads();
    }

    /** The pretrained model: a catalog id, a TorchScript file, an exported model folder or a URL. */
    public RecipeBuilder setModel(String value) {
        model = value;
        return this;
    }

    /** The images. */
    public RecipeBuilder setData(Recipe.Data value) {
        data = value;
        return this;
    }

    /** The images: a dataset folder, archive or manifest, with the data section's other values kept. */
    public RecipeBuilder setData(String train) {
        data = new Recipe.Data(train, data == null ? null : data.val(), data == null ? 0.2 : data.valFraction(),
                data == null ? 0 : data.imageSize(), null);
        return this;
    }

    public RecipeBuilder optVersion(int value) {
        version = value;
        return this;
    }

    public RecipeBuilder optFromScratch(boolean value) {
        fromScratch = value;
        return this;
    }

    public RecipeBuilder optHead(RecipeHead value) {
        head = value;
        return this;
    }

    /** An unfreeze preset ({@code full}, {@code partial:3}, {@code gradual}, …) or {@code auto}. */
    public RecipeBuilder optSchedule(Schedule value) {
        schedule = value;
        return this;
    }

    /** An explicit thaw epoch per backbone group (-1: never); null uses the schedule. */
    public RecipeBuilder optThawEpochs(List<Integer> value) {
        thawEpochs = value;
        return this;
    }

    public RecipeBuilder optLearningRate(Recipe.LearningRate value) {
        learningRate = value;
        return this;
    }

    public RecipeBuilder optOptimizer(Recipe.Optimizer value) {
        optimizer = value;
        return this;
    }

    /** Epochs; 0 sizes the run to about 400 optimiser steps. */
    public RecipeBuilder optEpochs(int value) {
        epochs = value;
        return this;
    }

    public RecipeBuilder optBatchSize(int value) {
        batchSize = value;
        return this;
    }

    public RecipeBuilder optBatchNorm(Recipe.BatchNorm value) {
        batchNorm = value;
        return this;
    }

    /** Augmentation; null: standard augmentation whenever backbone groups train. */
    public RecipeBuilder optAugmentation(Recipe.Augmentation value) {
        augmentation = value;
        return this;
    }

    /** Early stopping; null runs every epoch. */
    public RecipeBuilder optEarlyStopping(Recipe.EarlyStopping value) {
        earlyStopping = value;
        return this;
    }

    public RecipeBuilder optSeed(long value) {
        seed = value;
        return this;
    }

    public RecipeBuilder optDevice(Recipe.Device value) {
        device = value;
        return this;
    }

    /** Engine threads; 0 for the engine's default. */
    public RecipeBuilder optThreads(int value) {
        threads = value;
        return this;
    }

    public Recipe build() {
        return new Recipe(version, model, fromScratch, data, head, schedule, thawEpochs, learningRate, optimizer,
                epochs, batchSize, batchNorm, augmentation, earlyStopping, seed, device, threads);
    }
}
