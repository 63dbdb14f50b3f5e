package dev.unfreeze.ui;

import dev.unfreeze.training.api.ModelInfo;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;

/** Step 2: the catalog, and the chosen model's details beside it (architecture, size, input, provenance, licence). */
final class ModelView extends VBox {
    ModelView(WorkbenchViewModel model) {
        super(12);
        setPadding(new Insets(16));
        Label title = new Label("Model");
        title.getStyleClass().add("step-title");
        ListView<ModelInfo> list = new ListView<>(model.models().catalog());
        list.setId("model-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ModelInfo m, boolean empty) {
                super.updateItem(m, empty);
                if (empty || m == null) {
                    setText(null);
                    return;
                }
                setText(String.format(Locale.ROOT, "%s%n%s · %s parameters · %d px %s", m.name(), m.id(),
                        LayerMap.compact(m.parameters()), m.inputSize(), m.channels() == 1 ? "greyscale" : "RGB"));
                setWrapText(true);
                setPrefWidth(0);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, chosen) -> {
            if (chosen != null && chosen != model.models().modelProperty().get()) {
                model.models().selectModel(chosen);
            }
        });
        model.models().modelProperty().addListener((obs, old, m) -> list.getSelectionModel().select(m));
        list.getSelectionModel().select(model.models().modelProperty().get());
        list.setPrefWidth(360);
        list.setMinWidth(360); // its lines stay whole; the details pane beside it wraps
        ModelDetails details = new ModelDetails(model);
        javafx.scene.control.ScrollPane detailsScroll = new javafx.scene.control.ScrollPane(details);
        detailsScroll.setFitToWidth(true);
        javafx.scene.layout.HBox.setHgrow(detailsScroll, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox catalog = new javafx.scene.layout.HBox(12, list, detailsScroll);
        VBox.setVgrow(catalog, javafx.scene.layout.Priority.ALWAYS);
        Label drop = FileDropZone.create("Drop a TorchScript file (.pt, from torch.jit.script) here to import it; its ONNX twin NAME.onnx comes too",
                files -> model.models().importModel(files.get(0).toPath()));
        javafx.scene.control.Button importButton = new javafx.scene.control.Button("_Import model...");
        importButton.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("TorchScript", "*.pt", "*.pth"));
            java.io.File file = chooser.showOpenDialog(getScene().getWindow());
            if (file != null) {
                model.models().importModel(file.toPath());
            }
        });
        javafx.scene.control.TextField url = new javafx.scene.control.TextField();
        url.setId("model-url");
        url.setPromptText("https://.../model.pt (a #sha256=... ending is checked)");
        javafx.scene.layout.HBox.setHgrow(url, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.control.Button download = new javafx.scene.control.Button("_Download");
        download.setId("model-download");
        download.setOnAction(e -> model.models().importModelFromUrl(url.getText()));
        url.setOnAction(e -> model.models().importModelFromUrl(url.getText()));
        download.disableProperty().bind(model.models().downloadingProperty().or(url.textProperty().isEmpty()));
        javafx.scene.control.ProgressBar progress = new javafx.scene.control.ProgressBar();
        progress.setPrefWidth(200);
        progress.progressProperty().bind(model.models().downloadProgressProperty());
        progress.visibleProperty().bind(model.models().downloadingProperty());
        javafx.scene.layout.HBox fromUrl = new javafx.scene.layout.HBox(8, new Label("From a URL"), url, download, progress);
        fromUrl.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().addAll(title, catalog, drop, importButton, fromUrl);
    }
}
