package dev.unfreeze.training.explain;

import dev.unfreeze.training.api.ExplanationMethod;
import dev.unfreeze.training.export.ExportedModel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the model looks, by Grad-CAM (Selvaraju et al., 2017): each channel of the last convolutional group weighs
 * as much as the class's score rises with it on average over the picture, and a place is as important as its
 * weighed activations sum to, where that sum is positive. One pass forward and back, against occlusion's hundreds;
 * the map has the group's resolution (7 x 7 for MobileNetV2 at 224 px) and is interpolated between its cells.
 */
public final class GradCam {
    private GradCam() {}

    /**
     * Explains one image, or says nothing when the network's last convolutional group cannot be reached.
     *
     * @param classIndex the class to explain, or -1 for the predicted one
     */
    public static Optional<HeatMap> explain(ExportedModel model, Path image, int classIndex) {
        return model.activations(HeatMaps.pixels(model, image), classIndex).map(GradCam::map);
    }

    /** The map from a group's activations and the class's gradient with respect to them. */
    static HeatMap map(ExportedModel.Activations a) {
        if (a.rows() != a.columns()) {
            throw new IllegalStateException("a " + a.rows() + " x " + a.columns() + " feature map; square inputs give square maps");
        }
        int places = a.rows() * a.columns();
        float[] heat = new float[places];
        for (int c = 0; c < a.channels(); c++) {
            double weight = 0;
            for (int p = 0; p < places; p++) {
                weight += a.gradient()[c * places + p];
            }
            weight /= places;
            for (int p = 0; p < places; p++) {
                heat[p] += (float) (weight * a.values()[c * places + p]);
            }
        }
        float highest = 0;
        for (int p = 0; p < places; p++) {
            heat[p] = Math.max(0, heat[p]);
            highest = Math.max(highest, heat[p]);
        }
        if (highest > 0) {
            for (int p = 0; p < places; p++) {
                heat[p] /= highest;
            }
        }
        return new HeatMap(a.columns(), a.rows(), heat, 0.5 / a.columns(), 1.0 / a.columns(), a.classIndex(),
                (float) Math.exp(a.logProbabilities()[a.classIndex()]), ExplanationMethod.GRAD_CAM);
    }
}
