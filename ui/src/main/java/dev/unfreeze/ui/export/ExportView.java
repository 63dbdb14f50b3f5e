package dev.unfreeze.ui.export;

import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.ui.shared.MarkdownView;
import dev.unfreeze.training.api.ExportFormat;
import dev.unfreeze.training.api.ExportedFile;
import java.awt.Desktop;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * Step 6: choose a format and a new folder, export the best model of the last run, then see what the folder holds
 * and the model card.
 */
public final class ExportView extends VBox {
    /**
     * @param exports the step's view model
     * @param monitor the run being trained, if any (no export while one trains)
     */
    public ExportView(ExportViewModel exports, TrainingMonitor monitor) {
        super(12);
        setPadding(new Insets(16));
        Label title = new Label("Export");
        title.getStyleClass().add("step-title");

        ToggleGroup formats = new ToggleGroup();
        RadioButton djl = formatChoice(formats, ExportFormat.DJL, "DJL folder", "for DJL and Python (TorchScript), and"
                + " as the base model of a new run");
        RadioButton onnx = formatChoice(formats, ExportFormat.ONNX, "ONNX file", "one model.onnx for ONNX Runtime (Python,"
                + " Java, C#, C++, JavaScript, phones), OpenVINO and TensorRT");
        formats.selectToggle(exports.formatProperty().get() == ExportFormat.ONNX ? onnx : djl);
        formats.selectedToggleProperty().addListener((obs, old, chosen) -> {
            if (chosen != null) {
                exports.formatProperty().set((ExportFormat) chosen.getUserData());
            }
        });
        CheckBox half = new CheckBox();
        half.setId("export-half");
        half.selectedProperty().bindBidirectional(exports.halfProperty());
        half.disableProperty().bind(exports.formatProperty().isNotEqualTo(ExportFormat.ONNX));
        half.textProperty().bind(Bindings.createStringBinding(() -> "also a float16 copy, half the size"
                + about(exports.estimatedBytes(true)) + " (the model card says how often it keeps the top class)",
                exports.modelProperty()));
        djl.textProperty().bind(Bindings.createStringBinding(() -> "DJL folder" + about(exports.estimatedBytes(false)),
                exports.modelProperty()));
        onnx.textProperty().bind(Bindings.createStringBinding(() -> "ONNX file" + about(exports.estimatedBytes(false)),
                exports.modelProperty()));
        VBox formatBox = new VBox(6, new Label("Format"), djl, description(djl), onnx, description(onnx), indented(half));

        TextField target = new TextField();
        target.setId("export-target");
        target.setPromptText("a new, empty folder");
        HBox.setHgrow(target, Priority.ALWAYS);
        exports.runDirectoryProperty().addListener((obs, old, run) -> {
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
        export.setDefaultButton(true);
        export.setOnAction(e -> exports.export(Path.of(target.getText())));
        export.disableProperty().bind(monitor.runningProperty().or(target.textProperty().isEmpty()));
        Label done = new Label();
        done.setId("export-done");
        done.textProperty().bind(Bindings.createStringBinding(() -> exports.exportedProperty().get() == null
                ? "The folder will hold the model and its card, MODEL_CARD.md."
                : "Exported to " + exports.exportedProperty().get() + ":", exports.exportedProperty()));
        done.setWrapText(true);
        Button openFolder = new Button("Open _folder");
        openFolder.disableProperty().bind(exports.exportedProperty().isNull());
        openFolder.setOnAction(e -> open(exports, exports.exportedProperty().get()));

        GridPane files = filesGrid(exports);
        MarkdownView card = new MarkdownView();
        card.setId("model-card");
        exports.modelCardProperty().addListener((obs, old, text) -> card.show(text));
        card.show(exports.modelCardProperty().get());
        card.setPadding(new Insets(8, 16, 16, 0));
        ScrollPane cardScroll = new ScrollPane(card);
        cardScroll.setFitToWidth(true);
        cardScroll.visibleProperty().bind(exports.modelCardProperty().isNotEmpty());
        cardScroll.managedProperty().bind(cardScroll.visibleProperty());
        VBox.setVgrow(cardScroll, Priority.ALWAYS);
        getChildren().addAll(title, formatBox, new HBox(8, target, browse, export), new HBox(8, done, openFolder), files,
                cardScroll);
    }

    private static RadioButton formatChoice(ToggleGroup group, ExportFormat format, String name, String what) {
        RadioButton button = new RadioButton(name);
        button.setId("export-format-" + format.word());
        button.setUserData(format);
        button.setToggleGroup(group);
        button.getProperties().put("description", what);
        return button;
    }

    private static Label description(RadioButton choice) {
        Label label = new Label((String) choice.getProperties().get("description"));
        label.getStyleClass().add("text-muted");
        label.setWrapText(true);
        label.setPadding(new Insets(0, 0, 4, 28));
        return label;
    }

    private static HBox indented(Node node) {
        HBox box = new HBox(node);
        box.setPadding(new Insets(0, 0, 0, 28));
        return box;
    }

    private static String about(Long bytes) {
        return bytes == null ? "" : String.format(Locale.ROOT, ", about %.1f MB", bytes / 1e6);
    }

    /** The export's files, one row each: name, size, and what it is (wrapped, never cut). */
    private static GridPane filesGrid(ExportViewModel exports) {
        GridPane grid = new GridPane();
        grid.setId("export-files");
        grid.getStyleClass().add("export-files");
        grid.setHgap(16);
        grid.setVgap(6);
        ColumnConstraints description = new ColumnConstraints();
        description.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints(), description);
        Runnable fill = () -> {
            grid.getChildren().clear();
            int row = 0;
            for (ExportedFile file : exports.files()) {
                Label name = new Label(file.name());
                name.getStyleClass().add("export-file-name");
                name.setMinWidth(Region.USE_PREF_SIZE);
                Label bytes = new Label(size(file.bytes()));
                bytes.setMinWidth(Region.USE_PREF_SIZE);
                GridPane.setHalignment(bytes, HPos.RIGHT);
                Label what = new Label(file.description());
                what.setWrapText(true);
                what.getStyleClass().add("text-muted");
                grid.addRow(row++, name, bytes, what);
                GridPane.setValignment(name, VPos.TOP);
                GridPane.setValignment(bytes, VPos.TOP);
            }
        };
        exports.files().addListener((ListChangeListener<ExportedFile>) change -> fill.run());
        fill.run();
        grid.visibleProperty().bind(Bindings.isNotEmpty(exports.files()));
        grid.managedProperty().bind(grid.visibleProperty());
        return grid;
    }

    private static String size(long bytes) {
        return bytes >= 1e6 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : bytes >= 1e3 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3) : bytes + " bytes";
    }

    /** Opens the folder in the desktop's file manager, off the UI thread; without one, the path is shown above. */
    private static void open(ExportViewModel exports, Path folder) {
        Thread opener = new Thread(() -> {
            try {
                if (Desktop.isDesktopSupported()) {
                    Desktop.getDesktop().open(folder.toFile());
                }
            } catch (IOException | RuntimeException ex) {
                Platform.runLater(() -> exports.couldNotOpen(folder));
            }
        }, "unfreeze-open-folder");
        opener.setDaemon(true);
        opener.start();
    }
}
