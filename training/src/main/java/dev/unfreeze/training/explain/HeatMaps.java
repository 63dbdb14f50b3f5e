package dev.unfreeze.training.explain;

import dev.unfreeze.training.api.ExplanationMethod;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.export.ExportedModel;
import java.io.IOException;
import java.nio.file.Path;

/** Where a model looks in an image, by the method asked for, or by the best one the model allows. */
public final class HeatMaps {
    private HeatMaps() {}

    /**
     * The map for one image: Grad-CAM where the network's last convolutional group can be reached (sharper and a
     * hundred times cheaper), occlusion otherwise or when asked for.
     *
     * @param method the method to use, or null for the best one the model allows
     * @param classIndex the class to explain, or -1 for the predicted one
     */
    public static HeatMap explain(ExportedModel model, Path image, ExplanationMethod method, int classIndex) {
        if (method == ExplanationMethod.OCCLUSION) {
            return Occlusion.explain(model, image, classIndex);
        }
        return GradCam.explain(model, image, classIndex).orElseGet(() -> {
            if (method == ExplanationMethod.GRAD_CAM) {
                throw new UnfreezeException("this model's last convolutional layers cannot be reached, so Grad-CAM"
                        + " cannot explain it; occlusion can (--explain-with occlusion)");
            }
            return Occlusion.explain(model, image, classIndex);
        });
    }

    /** The image as the model sees it: decoded, resized, C x H x W values in [0, 1]. */
    static float[] pixels(ExportedModel model, Path image) {
        Preprocessing input = model.input();
        float[] pixels = new float[input.length()];
        try {
            input.toInput(input.loadEightBit(image), pixels, 0);
        } catch (IOException e) {
            throw new UnfreezeException("cannot read the image " + image + ": " + e.getMessage(), e);
        }
        return pixels;
    }
}
