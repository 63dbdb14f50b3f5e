package dev.unfreeze.ui.export;

import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.training.api.ExportFormat;
import dev.unfreeze.training.api.ExportedFile;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ExportServices;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Export step: the last run's best model written in the chosen format (a folder plain DJL loads, or one ONNX
 * file), what the folder holds, and its model card.
 */
public final class ExportViewModel {
    private final ExportServices services;
    private final Feedback feedback;
    private final ReadOnlyObjectProperty<Path> runDirectory;
    private final ReadOnlyObjectProperty<ModelInfo> model;
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.DJL);
    private final BooleanProperty half = new SimpleBooleanProperty();
    private final ObjectProperty<Path> exported = new SimpleObjectProperty<>();
    private final StringProperty modelCard = new SimpleStringProperty();
    private final ObservableList<ExportedFile> files = FXCollections.observableArrayList();

    public ExportViewModel(ExportServices services, Feedback feedback, ReadOnlyObjectProperty<Path> runDirectory,
            ReadOnlyObjectProperty<ModelInfo> model) {
        this.services = services;
        this.feedback = feedback;
        this.runDirectory = runDirectory;
        this.model = model;
    }

    /** Exports the last run's best model in the chosen format (in a helper process). */
    public CompletableFuture<Void> export(Path target) {
        Path dir = runDirectory.get();
        if (dir == null) {
            feedback.fail("Train a model first: there is nothing to export yet.", "");
            return CompletableFuture.completedFuture(null);
        }
        ExportFormat chosen = format.get();
        boolean withHalf = chosen == ExportFormat.ONNX && half.get();
        return feedback.work(BackgroundTasks.Lane.RESULTS, "Exporting to " + target + "...", () -> {
            Path path = services.export(dir, target, chosen, withHalf);
            return new Written(path, services.modelCard(path), services.exportedFiles(path));
        }, done -> {
            exported.set(done.folder());
            modelCard.set(done.card());
            files.setAll(done.files());
            feedback.statusProperty().set("Exported to " + done.folder() + ".");
        });
    }

    private record Written(Path folder, String card, List<ExportedFile> files) {}

    /**
     * About how many bytes an export of the chosen model takes, in either format: its weights at four bytes each (two
     * for the float16 copy); null before a model is chosen.
     */
    public Long estimatedBytes(boolean halfCopy) {
        ModelInfo m = model.get();
        if (m == null) {
            return null;
        }
        return m.parameters() * (halfCopy ? 2 : 4);
    }

    /** The chosen model, whose size the estimates follow. */
    public ReadOnlyObjectProperty<ModelInfo> modelProperty() {
        return model;
    }

    /** The format the next export writes. */
    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    /** With ONNX, whether a float16 copy is written too. */
    public BooleanProperty halfProperty() {
        return half;
    }

    /** The exported folder, once exported. */
    public ObjectProperty<Path> exportedProperty() {
        return exported;
    }

    /** The exported model's card (Markdown), once exported. */
    public StringProperty modelCardProperty() {
        return modelCard;
    }

    /** The files of the last export, with their sizes. */
    public ObservableList<ExportedFile> files() {
        return files;
    }

    /** The run whose model is exported. */
    public ReadOnlyObjectProperty<Path> runDirectoryProperty() {
        return runDirectory;
    }

    /** Says that the desktop could not open a folder, which the user then opens by hand. */
    public void couldNotOpen(Path folder) {
        feedback.errorProperty().set("Could not open " + folder + " in a file manager; open it yourself.");
    }
}
