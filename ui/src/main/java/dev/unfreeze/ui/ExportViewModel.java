package dev.unfreeze.ui;

import dev.unfreeze.training.api.WorkbenchServices;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The Export step: the last run's best model written as a folder plain DJL loads, and its model card. */
public final class ExportViewModel {
    private final WorkbenchServices services;
    private final Feedback feedback;
    private final ReadOnlyObjectProperty<Path> runDirectory;
    private final ObjectProperty<Path> exported = new SimpleObjectProperty<>();
    private final StringProperty modelCard = new SimpleStringProperty();

    ExportViewModel(WorkbenchServices services, Feedback feedback, ReadOnlyObjectProperty<Path> runDirectory) {
        this.services = services;
        this.feedback = feedback;
        this.runDirectory = runDirectory;
    }

    /** Exports the last run's best model (in a helper process). */
    public CompletableFuture<Void> export(Path target) {
        Path dir = runDirectory.get();
        if (dir == null) {
            feedback.fail("Train a model first: there is nothing to export yet.", "");
            return CompletableFuture.completedFuture(null);
        }
        return feedback.work(BackgroundTasks.Lane.RESULTS, "Exporting to " + target + "...", () -> {
            Path path = services.export(dir, target);
            return Map.entry(path, services.modelCard(path));
        }, done -> {
            exported.set(done.getKey());
            modelCard.set(done.getValue());
            feedback.statusProperty().set("Exported to " + done.getKey() + ".");
        });
    }

    /** The exported folder, once exported. */
    public ObjectProperty<Path> exportedProperty() {
        return exported;
    }

    /** The exported model's card, once exported. */
    public StringProperty modelCardProperty() {
        return modelCard;
    }
}
