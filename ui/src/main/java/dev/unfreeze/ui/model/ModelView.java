package dev.unfreeze.ui.model;

import dev.unfreeze.ui.shared.Counts;
import dev.unfreeze.ui.shared.FileDropZone;
import dev.unfreeze.training.api.ModelInfo;
import java.io.File;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Step 2: the catalog, and the chosen model's details beside it (architecture, size, input, provenance, licence). */
public final class ModelView extends VBox {
    public ModelView(ModelViewModel models) {
        super(12);
        setPadding(new Insets(16));
        Label title = new Label("Model");
        title.getStyleClass().add("step-title");
        ListView<ModelInfo> list = new ListView<>(models.catalog());
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
                        Counts.compact(m.parameters()), m.inputSize(), m.channels() == 1 ? "greyscale" : "RGB"));
                setWrapText(true);
                setPrefWidth(0);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, chosen) -> {
            if (chosen != null && chosen != models.modelProperty().get()) {
                models.selectModel(chosen);
            }
        });
        models.modelProperty().addListener((obs, old, m) -> list.getSelectionModel().select(m));
        list.getSelectionModel().select(models.modelProperty().get());
        list.setPrefWidth(360);
        list.setMinWidth(360); // its lines stay whole; the details pane beside it wraps
        ModelDetails details = new ModelDetails(models);
        ScrollPane detailsScroll = new ScrollPane(details);
        detailsScroll.setFitToWidth(true);
        HBox.setHgrow(detailsScroll, Priority.ALWAYS);
        HBox catalog = new HBox(12, list, detailsScroll);
        VBox.setVgrow(catalog, Priority.ALWAYS);
        Label drop = FileDropZone.create("Drop a TorchScript file (.pt, from torch.jit.script) here to import it; its ONNX twin NAME.onnx comes too",
                files -> models.importModel(files.get(0).toPath()));
        Button importButton = new Button("_Import model...");
        importButton.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("TorchScript", "*.pt", "*.pth"));
            File file = chooser.showOpenDialog(getScene().getWindow());
            if (file != null) {
                models.importModel(file.toPath());
            }
        });
        TextField url = new TextField();
        url.setId("model-url");
        url.setPromptText("https://.../model.pt (a #sha256=... ending is checked)");
        HBox.setHgrow(url, Priority.ALWAYS);
        Button download = new Button("_Download");
        download.setId("model-download");
        download.setOnAction(e -> models.importModelFromUrl(url.getText()));
        url.setOnAction(e -> models.importModelFromUrl(url.getText()));
        download.disableProperty().bind(models.downloadingProperty().or(url.textProperty().isEmpty()));
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(200);
        progress.progressProperty().bind(models.downloadProgressProperty());
        progress.visibleProperty().bind(models.downloadingProperty());
        HBox fromUrl = new HBox(8, new Label("From a URL"), url, download, progress);
        fromUrl.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(title, catalog, drop, importButton, fromUrl);
    }
}
