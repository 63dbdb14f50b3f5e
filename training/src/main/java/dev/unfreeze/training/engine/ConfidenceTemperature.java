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
 * is less sure than right) keeps its scores. Dividing every score by one number changes no answer, and the saved
 * weights carry it, so every runtime that loads the model gives the same percentages.
 */
public final class ConfidenceTemperature {
    /** Scores as they come. */
    public static final float NONE = 1f;

    private ConfidenceTemperature() {}

    /**
     * The temperature a run's saved model gets: the backbone's measured one ({@link
     * ModelMetadata#temperatureForFineTunes}) for a pretrained network whose backbone trains and which holds no image
     * out; {@link #NONE} for a linear probe (its L2 strength, chosen by cross-validation, keeps it from the near-zero
     * loss), a baseline from scratch, and a run with held-out images.
     */
    static float of(Recipe recipe, UnfreezeSchedule schedule, int heldOutImages, ModelMetadata backbone) {
        return !recipe.fromScratch() && schedule.anyBackboneEverTrains() && heldOutImages == 0
                ? backbone.temperatureForFineTunes() : NONE;
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
