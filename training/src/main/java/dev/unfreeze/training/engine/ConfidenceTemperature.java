package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.catalog.ModelMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The number a fine-tuned model's scores are divided by before the model is saved, so that its percentages come
 * nearer to how often it is right (temperature scaling, Guo et al. 2017). A fine-tune that trains on every labelled
 * image, none held out, ends near a zero training loss and is surer than right on new images; with no held-out
 * answers to fit a temperature on, it gets the one measured for its backbone over the quality benchmark's tasks
 * (docs/quality-benchmark.md, "A temperature for fine-tuned models"); a backbone without one (the bundled small CNN
 * is less sure than right) keeps its scores. A fine-tune that holds images out gets a temperature fitted on their
 * answers, drawn towards the backbone's figure: a few dozen answers alone pull it far off. Dividing every score by
 * one number changes no answer, and the saved weights carry it, so every runtime that loads the model gives the same
 * percentages.
 */
public final class ConfidenceTemperature {
    /** Scores as they come. */
    public static final float NONE = 1f;

    private ConfidenceTemperature() {}

    /** The range a temperature fitted on held-out answers is kept in (the benchmark's tasks' own best: 1.1 to 3.6). */
    static final float FITTED_MIN = 1f;
    static final float FITTED_MAX = 4f;

    /**
     * How far, in natural log, a fine-tune's best temperature strays from its backbone's measured one: the root mean
     * square over the benchmark's fine-tunes that hold images out, each one's best on its test images (section "A
     * temperature drawn towards the backbone's"). It weighs the backbone's figure, as a prior, against the held-out
     * answers, so that a few dozen of them move the temperature less than hundreds do.
     */
    static final double SPREAD = 0.4;

    /** How a run's saved model gets its temperature. */
    sealed interface Rule {
        /** Every checkpoint is saved with this one. */
        record Fixed(float temperature) implements Rule {}

        /** Each best checkpoint's is fitted on its held-out answers, drawn towards the backbone's measured figure. */
        record FittedOnHeldOut(float backbone) implements Rule {}
    }

    /**
     * A run's rule: a fine-tune of a pretrained network whose backbone trains fits its temperature on the images it
     * holds out, or, holding none out, takes the backbone's ({@link ModelMetadata#temperatureForFineTunes}); a linear
     * probe (its L2 strength, chosen by cross-validation, keeps it from the near-zero loss) and a baseline from scratch
     * keep their scores.
     */
    static Rule rule(Recipe recipe, UnfreezeSchedule schedule, int heldOutImages, ModelMetadata backbone) {
        if (recipe.fromScratch() || !schedule.anyBackboneEverTrains()) {
            return new Rule.Fixed(NONE);
        }
        return heldOutImages > 0 ? new Rule.FittedOnHeldOut(backbone.temperatureForFineTunes())
                : new Rule.Fixed(backbone.temperatureForFineTunes());
    }

    /**
     * The temperature of largest posterior for these held-out answers: their log loss, against a log-normal prior
     * around the backbone's figure of spread {@link #SPREAD}; kept between {@link #FITTED_MIN} and {@link
     * #FITTED_MAX}: never below 1, since held-out images that the model gets all right would otherwise make it surer
     * still, where every fine-tune the benchmark measured was surer than right.
     *
     * @param scores each held-out image's scores for every class, before the softmax
     * @param labels each one's true class
     * @param backbone the backbone's measured temperature, the prior's centre
     */
    static float fit(float[][] scores, int[] labels, float backbone) {
        if (scores.length == 0) {
            return Math.max(FITTED_MIN, Math.min(FITTED_MAX, backbone));
        }
        // golden-section search on log T: the log loss is convex in 1 / T, the prior's term in log T
        double lo = Math.log(FITTED_MIN);
        double hi = Math.log(FITTED_MAX);
        double ratio = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 60; i++) {
            double a = hi - ratio * (hi - lo);
            double b = lo + ratio * (hi - lo);
            if (posteriorCost(scores, labels, backbone, a) <= posteriorCost(scores, labels, backbone, b)) {
                hi = b;
            } else {
                lo = a;
            }
        }
        return (float) Math.exp((lo + hi) / 2);
    }

    /** The negative log posterior of log temperature {@code logT}, but for a constant. */
    private static double posteriorCost(float[][] scores, int[] labels, float backbone, double logT) {
        double fromPrior = logT - Math.log(backbone);
        return scores.length * logLoss(scores, labels, Math.exp(logT)) + fromPrior * fromPrior / (2 * SPREAD * SPREAD);
    }

    /** The mean log loss of the answers with the scores divided by {@code temperature}. */
    static double logLoss(float[][] scores, int[] labels, double temperature) {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            sum -= Math.log(Math.max(1e-12, softmax(scores[i], temperature)[labels[i]]));
        }
        return sum / scores.length;
    }

    /** The probabilities of scores divided by {@code temperature}. */
    static double[] softmax(float[] scores, double temperature) {
        double[] divided = new double[scores.length];
        for (int c = 0; c < scores.length; c++) {
            divided[c] = scores[c] / temperature;
        }
        return Softmax.inPlace(divided);
    }

    /**
     * The temperature a run's saved model gets when it does not depend on held-out answers ({@link #rule}); {@link
     * #NONE} where it does.
     */
    static float of(Recipe recipe, UnfreezeSchedule schedule, int heldOutImages, ModelMetadata backbone) {
        return rule(recipe, schedule, heldOutImages, backbone) instanceof Rule.Fixed fixed ? fixed.temperature() : NONE;
    }

    /**
     * The temperature of a saved run whose last checkpoint is the model it offers (a run that keeps its last epoch,
     * cancelled before its end): the last checkpoint is what a resumed run continues from, so it holds the trained
     * head, and whatever exports it divides the scores as the run's best checkpoint would have been. A run still in
     * its plan search has none: its model is the provisional probe's best checkpoint.
     *
     * @param heldOutImages the run's validation images
     * @param groupCount the backbone's layer groups
     */
    public static float ofLastCheckpoint(Recipe recipe, int heldOutImages, int groupCount, ModelMetadata backbone) {
        return recipe.schedule().automatic() ? NONE
                : of(recipe, PreparedRun.schedule(recipe, groupCount), heldOutImages, backbone);
    }

    /**
     * Divides the head's last linear layer (its weights and bias) by the temperature until the returned scope is
     * closed, which puts the trained values back exactly: training, and a resumed run, go on from those.
     */
    public static Scope divide(Block head, float temperature) {
        List<Pair<NDArray, float[]>> kept = new ArrayList<>();
        if (temperature != NONE) {
            Block last = head.getChildren().get(head.getChildren().size() - 1).getValue();
            if (!(last instanceof Linear)) {
                throw new IllegalStateException("the head does not end in a linear layer");
            }
            for (Pair<String, Parameter> p : last.getParameters()) {
                NDArray array = p.getValue().getArray();
                float[] trained = array.toFloatArray();
                float[] divided = new float[trained.length];
                for (int i = 0; i < trained.length; i++) {
                    divided[i] = trained[i] / temperature;
                }
                array.set(divided);
                kept.add(new Pair<>(array, trained));
            }
        }
        return () -> kept.forEach(k -> k.getKey().set(k.getValue()));
    }

    /** While open, the head's scores are divided. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
