package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.DatasetServices;
import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.ui.shared.WorkbenchState;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * How far the dataset is from what each backbone group was trained on, for the strip under the layer map: measured
 * in a helper process that loads the engine, so only once the Layers step, where it shows, is open, and once for each
 * model and dataset.
 */
final class StatisticsShift {
    private final DatasetServices services;
    private final Feedback feedback;
    private final WorkbenchState state;
    private final ObjectProperty<List<Double>> shift = new SimpleObjectProperty<>(List.of());
    /** The model and dataset the shift was measured for. */
    private List<String> measuredFor;

    StatisticsShift(DatasetServices services, Feedback feedback, WorkbenchState state) {
        this.services = services;
        this.feedback = feedback;
        this.state = state;
        state.stepProperty().addListener(o -> measure());
        state.datasetProperty().addListener(o -> measure());
        state.modelProperty().addListener(o -> measure());
    }

    /** One value a group, input to output (NaN where a group has no BatchNorm); empty until measured. */
    ReadOnlyObjectProperty<List<Double>> property() {
        return shift;
    }

    private void measure() {
        DatasetReport d = state.datasetProperty().get();
        ModelInfo model = state.modelProperty().get();
        List<String> key = d == null || model == null ? null : List.of(model.id(), d.location());
        if (Objects.equals(key, measuredFor) && key != null) {
            return; // measured, or being measured, for this data and model
        }
        shift.set(List.of());
        measuredFor = null;
        if (key == null || !d.canTrain() || state.stepProperty().get() != WorkbenchState.Step.LAYERS) {
            return;
        }
        measuredFor = key;
        feedback.latestWork("statistics-shift", BackgroundTasks.Lane.MEASURING, "Comparing the images with " + model.name()
                + "'s own data, layer by layer...", () -> services.statisticsShift(model.id(), d.location()), measured -> {
                    shift.set(List.copyOf(measured));
                    feedback.statusProperty().set("The strip under the layer map shows how far the images are from "
                            + model.name() + "'s own data at each group.");
                });
    }
}
