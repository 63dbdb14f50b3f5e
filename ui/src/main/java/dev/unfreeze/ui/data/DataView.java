package dev.unfreeze.ui.data;

import dev.unfreeze.ui.shared.FileDropZone;
import dev.unfreeze.training.api.DatasetReport;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * Step 1: a drop zone for the dataset (folders, archives, manifests or images), the validation
 * report with problems first, images per class, and thumbnails of each class with skipped files marked.
 */
public final class DataView extends ScrollPane {
    private final DataViewModel data;
    private final Consumer<Path> onModelFile;
    private final Label dropZone = FileDropZone.create("Drop a dataset here: a folder with one sub-folder per class,\n"
            + "a .zip or .tar.gz of one, a CSV/TSV manifest (path,label), or image files and folders", this::dropped);
    private final ProgressBar reading = new ProgressBar();
    private final DatasetReportPanel report = new DatasetReportPanel();
    private final StackedBarChart<String, Number> perClass = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    private final ThumbnailGrid thumbnails;

    /**
     * @param data the step's view model
     * @param onModelFile what to do with a TorchScript file dropped here by mistake (import it as a model)
     */
    public DataView(DataViewModel data, Consumer<Path> onModelFile) {
        this.data = data;
        this.onModelFile = onModelFile;
        this.thumbnails = new ThumbnailGrid(data.thumbnails());
        dropZone.setMinHeight(80);
        Button openFolder = new Button("Open _folder...");
        openFolder.setOnAction(e -> {
            File folder = new DirectoryChooser().showDialog(getScene().getWindow());
            if (folder != null) {
                data.openDataset(folder.toPath());
            }
        });
        Button openFiles = new Button("Open f_iles...");
        openFiles.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("Datasets", "*.zip", "*.tar.gz", "*.tgz", "*.csv", "*.tsv"),
                    new FileChooser.ExtensionFilter("Images", "*.jpg", "*.jpeg", "*.png", "*.bmp", "*.gif", "*.webp"));
            List<File> files = chooser.showOpenMultipleDialog(getScene().getWindow());
            if (files != null && !files.isEmpty()) {
                dropped(files);
            }
        });
        reading.setPrefWidth(240);
        reading.visibleProperty().bind(data.datasetProgressProperty().greaterThanOrEqualTo(0));
        reading.managedProperty().bind(reading.visibleProperty());
        reading.progressProperty().bind(data.datasetProgressProperty());
        // the title names the stacked parts (DatasetParts.title) where a legend would repeat it
        perClass.setLegendVisible(false);
        perClass.setAnimated(false);
        perClass.setPrefHeight(200);
        report.setVisible(false);
        Label title = new Label("Data");
        title.getStyleClass().add("step-title");
        VBox content = new VBox(12, title, dropZone, new HBox(8, openFolder, openFiles, reading), report, perClass, thumbnails);
        content.setPadding(new Insets(16));
        setContent(content);
        setFitToWidth(true);
        data.datasetProperty().addListener((obs, old, shown) -> show(shown));
        if (data.datasetProperty().get() != null) {
            show(data.datasetProperty().get());
        }
    }

    /**
     * What a drop does: everything dropped together is one dataset; a TorchScript file dropped here
     * by mistake is imported as a model instead.
     */
    void dropped(List<File> files) {
        if (files.isEmpty()) {
            return;
        }
        if (files.size() == 1 && files.get(0).getName().matches("(?i).*\\.(pt|pth)$")) {
            onModelFile.accept(files.get(0).toPath());
            return;
        }
        data.openDataset(files.stream().map(File::toPath).toList());
    }

    private void show(DatasetReport shown) {
        if (shown == null) {
            return;
        }
        dropZone.setText(shown.source() + "\n" + shown.totalImages() + " images in " + shown.classes().size()
                + " classes. Drop another dataset to replace it.");
        report.setVisible(true);
        report.show(shown);
        List<XYChart.Series<String, Number>> parts = DatasetParts.series(shown);
        perClass.setTitle(DatasetParts.title(parts));
        perClass.getData().setAll(parts);
        thumbnails.show(shown);
    }
}
