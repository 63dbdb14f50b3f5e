package dev.unfreeze.training.api;

import java.util.ArrayList;
import java.util.List;

/** The value rules of a recipe, each broken rule a {@link RecipeProblem} with its field and one readable sentence. */
final class RecipeValidator {
    private RecipeValidator() {}

    static List<RecipeProblem> problems(Recipe r) {
        Problems p = new Problems();
        if (r.version() != Recipe.CURRENT_VERSION) {
            p.add(null, "version " + r.version() + " is not supported; this release reads version " + Recipe.CURRENT_VERSION,
                    RecipeProblem.Kind.UNREADABLE);
        }
        if (blank(r.model())) {
            p.add("model", "'model' is missing: give a catalog id, a TorchScript file, an exported model or a URL",
                    RecipeProblem.Kind.MISSING);
        }
        if (r.data() == null || blank(r.data().train())) {
            p.add("data.train", "'data.train' is missing: give a folder with one sub-folder per class, an archive of one, or a manifest",
                    RecipeProblem.Kind.MISSING);
        } else {
            if (r.data().valFraction() < 0 || r.data().valFraction() >= 1) {
                p.add("data.valFraction", "'data.valFraction' must be 0 (train on every image, no validation) or more, and below 1, not "
                        + r.data().valFraction());
            }
            if (r.data().imageSize() != 0 && (r.data().imageSize() < 16 || r.data().imageSize() > 1024)) {
                p.add("data.imageSize", "'data.imageSize' must be 0 (the model's size) or between 16 and 1024, not " + r.data().imageSize());
            }
        }
        if (r.augmentation() != null && (r.augmentation().rotation() < 0 || r.augmentation().rotation() > 45)) {
            p.add("augmentation.rotation", "'augmentation.rotation' must be between 0 and 45 degrees, not " + r.augmentation().rotation());
        }
        if (r.augmentation() != null && (r.augmentation().colorJitter() < 0 || r.augmentation().colorJitter() > 1)) {
            p.add("augmentation.colorJitter", "'augmentation.colorJitter' must be between 0 and 1, not " + r.augmentation().colorJitter());
        }
        if (r.augmentation() != null && (r.augmentation().translate() < 0 || r.augmentation().translate() > 0.5)) {
            p.add("augmentation.translate", "'augmentation.translate' must be between 0 and 0.5 of the side, not " + r.augmentation().translate());
        }
        given(p, "head.type", r.head().type(), RecipeHead.Type.class);
        if (r.head().type() == RecipeHead.Type.MLP && r.head().hidden() < 1) {
            p.add("head.hidden", "'head.hidden' must be at least 1 for an mlp head, not " + r.head().hidden());
        }
        if (r.head().start() == RecipeHead.Start.PROBE && r.head().type() != RecipeHead.Type.LINEAR) {
            p.add("head.start", "'head.start' can be 'probe' only for a linear head (a probe is linear), not for " + r.head().type().word());
        }
        if (r.head().dropout() < 0 || r.head().dropout() >= 1) {
            p.add("head.dropout", "'head.dropout' must be in [0, 1), not " + r.head().dropout());
        }
        boolean frozen = r.thawEpochs() == null
                && (r.schedule() instanceof Schedule.FeatureExtraction || r.schedule() instanceof Schedule.Automatic);
        if (r.head().features() == RecipeHead.Features.STAGES && !frozen) {
            p.add("head.features", "'head.features' can be 'stages' only when the backbone stays frozen (the schedule"
                    + " feature-extraction, or auto for its probe): the stages are read from the frozen backbone");
        }
        if (r.thawEpochs() == null) {
            if (r.schedule() == null) {
                p.add("schedule", "'schedule' is missing: give auto or one of " + String.join(", ", Schedule.presetNames()),
                        RecipeProblem.Kind.MISSING);
            } else if (r.schedule() instanceof Schedule.Unreadable unreadable) {
                p.add("schedule", "'schedule': " + unreadable.problem());
            } else if (r.schedule() instanceof Schedule.Custom) {
                p.add("schedule", "'schedule' custom needs 'thawEpochs', one thaw epoch per layer group", RecipeProblem.Kind.MISSING);
            }
        } else if (r.thawEpochs().stream().anyMatch(e -> e == null || e < -1)) {
            p.add("thawEpochs", "'thawEpochs' may hold epochs (0 or more) and -1 for never, nothing else");
        }
        if (!(r.learningRate().base() > 0 && r.learningRate().base() <= 10)) {
            p.add("learningRate.base", "'learningRate.base' must be above 0 and at most 10, not " + r.learningRate().base());
        }
        given(p, "learningRate.schedule", r.learningRate().schedule(), Recipe.LearningRate.Schedule.class);
        given(p, "learningRate.discriminative", r.learningRate().discriminative(), Recipe.LearningRate.Discriminative.class);
        if (r.learningRate().multipliers() != null
                && r.learningRate().multipliers().stream().anyMatch(m -> m == null || m < 0)) {
            p.add("learningRate.multipliers", "'learningRate.multipliers' must all be 0 or more");
        }
        given(p, "optimizer.type", r.optimizer().type(), Recipe.Optimizer.Type.class);
        if (r.optimizer().momentum() < 0 || r.optimizer().momentum() >= 1) {
            p.add("optimizer.momentum", "'optimizer.momentum' must be in [0, 1), not " + r.optimizer().momentum());
        }
        if (r.optimizer().weightDecay() < 0) {
            p.add("optimizer.weightDecay", "'optimizer.weightDecay' must be 0 or more, not " + r.optimizer().weightDecay());
        }
        if (r.epochs() < 0 || r.epochs() > 10_000) {
            p.add("epochs", "'epochs' must be 0 (enough optimiser steps for the data) or between 1 and 10000, not " + r.epochs());
        }
        if (r.batchSize() < 1 || r.batchSize() > 4096) {
            p.add("batchSize", "'batchSize' must be between 1 and 4096, not " + r.batchSize());
        }
        given(p, "batchNorm", r.batchNorm(), Recipe.BatchNorm.class);
        if (r.earlyStopping() != null) {
            given(p, "earlyStopping.metric", r.earlyStopping().metric(), Recipe.EarlyStopping.Metric.class);
            if (r.earlyStopping().patience() < 1) {
                p.add("earlyStopping.patience", "'earlyStopping.patience' must be at least 1, not " + r.earlyStopping().patience());
            }
        }
        given(p, "device", r.device(), Recipe.Device.class);
        if (r.threads() < 0 || r.threads() > 1024) {
            p.add("threads", "'threads' must be 0 (engine default) or a positive count, not " + r.threads());
        }
        return p.found;
    }

    /** The problems found so far, each with the path of the field it is about. */
    private static final class Problems {
        final List<RecipeProblem> found = new ArrayList<>();

        void add(String path, String sentence) {
            add(path, sentence, RecipeProblem.Kind.INVALID);
        }

        void add(String path, String sentence, RecipeProblem.Kind kind) {
            found.add(new RecipeProblem(path, kind, sentence));
        }
    }

    /** A choice must be made (an unknown word never gets this far: the reader reports it). */
    private static void given(Problems p, String field, Object value, Class<? extends Enum<?>> choices) {
        if (value == null) {
            p.found.add(new RecipeProblem(field, RecipeProblem.Kind.MISSING, Choice.problem(choices, null, field)));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
