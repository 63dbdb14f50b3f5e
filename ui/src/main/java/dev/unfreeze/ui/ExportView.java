package dev.unfreeze.ui;

import java.io.File;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/** Step 6: choose a new folder and export the best model of the last run. */
final class ExportView extends VBox {
    ExportView(WorkbenchViewModel model) {
        super(12);
        setPadding(new Insets(16));
        Label title = new Label("Export");
        title.getStyleClass().add("step-title");
        TextField target = new TextField();
        target.setId("export-target");
        target.setPromptText("a new, empty folder");
        HBox.setHgrow(target, Priority.ALWAYS);
        model.state().runDirectoryProperty().addListener((obs, old, run) -> {
            if (run != null && target.getText().isBlank()) {
                target.setText(run.resolve("export").toString()); // the run folder keeps its export
            }
        });
        Button browse = new Button("_Browse...");
        browse.setOnAction(e -> {
            File parent = new DirectoryChooser().showDialog(getScene().getWindow());
            if (parent != null) {
                target.setText(parent.toPath().resolve("exported-model").toString());
            }
        });
        Button export = new Button("E_xport");
        export.setId("export");
        export.setOnAction(e -> model.exports().export(Path.of(target.getText())));
        export.disableProperty().bind(model.training().monitor().runningProperty().or(target.textProperty().isEmpty()));
        Label done = new Label();
        done.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.exports().exportedProperty().get() == null
                ? "The folder will hold the model for DJL and Python, and MODEL_CARD.md."
                : "Exported to " + model.exports().exportedProperty().get() + " — open it to find MODEL_CARD.md.",
                model.exports().exportedProperty()));
        done.setWrapText(true);
        Button openFolder = new Button("Open _folder");
        openFolder.disableProperty().bind(model.exports().exportedProperty().isNull());
        openFolder.setOnAction(e -> {
            Path folder = model.exports().exportedProperty().get();
            // The desktop's file manager is started off the UI thread; without one, the path is shown above.
            Thread opener = new Thread(() -> {
                try {
                    if (java.awt.Desktop.isDesktopSupported()) {
                        java.awt.Desktop.getDesktop().open(folder.toFile());
                    }
                } catch (java.io.IOException | RuntimeException ex) {
                    javafx.application.Platform.runLater(() -> model.errorProperty().set(
                            "Could not open " + folder + " in a file manager; open it yourself."));
                }
            }, "unfreeze-open-folder");
            opener.setDaemon(true);
            opener.start();
        });
        javafx.scene.control.TextArea card = new javafx.scene.control.TextArea();
        card.setEditable(false);
        card.setWrapText(true);
        card.setPrefRowCount(18);
        card.textProperty().bind(model.exports().modelCardProperty());
        card.visibleProperty().bind(model.exports().modelCardProperty().isNotEmpty());
        getChildren().addAll(title, new HBox(8, target, browse, export), new HBox(8, done, openFolder), card);
    }
}
