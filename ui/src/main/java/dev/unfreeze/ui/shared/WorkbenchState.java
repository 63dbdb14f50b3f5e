package dev.unfreeze.ui.shared;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.ModelInfo;
import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What the steps share, and nothing more: the step on screen, the dataset, the base model and the run
 * being shown. Each step's view model owns the rest of its state.
 */
public final class WorkbenchState {
    /** The steps of the flow, in order. */
    public enum Step { DATA, MODEL, LAYERS, TRAIN, RESULTS, EXPORT }

    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.DATA);
    private final ObjectProperty<DatasetReport> dataset = new SimpleObjectProperty<>();
    private final ObjectProperty<ModelInfo> model = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> runDirectory = new SimpleObjectProperty<>();

    public ObjectProperty<Step> stepProperty() {
        return step;
    }

    /** The dataset as last read. */
    public ObjectProperty<DatasetReport> datasetProperty() {
        return dataset;
    }

    /** The base model picked. */
    public ObjectProperty<ModelInfo> modelProperty() {
        return model;
    }

    /** The folder of the run being trained or shown. */
    public ObjectProperty<Path> runDirectoryProperty() {
        return runDirectory;
    }
}
