package dev.unfreeze.ui;

import dev.unfreeze.training.api.DatasetSummary;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/** Step 1: a drop zone for the dataset, images per class, and a few thumbnails of each class. */
final class DataView extends VBox {
    private final WorkbenchViewModel model;
    private final Label dropZone = FileDropZone.create("Drop a dataset folder here\n(one sub-folder of images per class)",
            this::dropped);
    private final BarChart<String, Number> perClass = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final VBox thumbnails = new VBox(6);

    DataView(WorkbenchViewModel model) {
        super(12);
        this.model = model;
        setPadding(new Insets(16));
        dropZone.setMinHeight(90);
        Button open = new Button("_Open folder...");
        open.setOnAction(e -> {
            File folder = new DirectoryChooser().showDialog(getScene().getWindow());
            if (folder != null) {
                model.openDataset(folder.toPath());
            }
        });
        perClass.setTitle("Images per class");
        perClass.setLegendVisible(false);
        perClass.setAnimated(false);
        perClass.setPrefHeight(260);
        ScrollPane thumbs = new ScrollPane(thumbnails);
        thumbs.setFitToWidth(true);
        thumbs.setPrefHeight(220);
        getChildren().addAll(new Label("Data"), dropZone, new HBox(8, open), perClass, thumbs);
        getChildren().get(0).getStyleClass().add("step-title");
        model.datasetProperty().addListener((obs, old, summary) -> show(summary));
        if (model.datasetProperty().get() != null) {
            show(model.datasetProperty().get());
        }
    }

    /** What a drop does: the first folder among the dropped files is opened. */
    void dropped(List<File> files) {
        files.stream().filter(File::isDirectory).findFirst().ifPresentOrElse(
                f -> model.openDataset(f.toPath()),
                () -> model.errorProperty().set("Drop a folder: one sub-folder of images per class."));
    }

    private void show(DatasetSummary summary) {
        dropZone.setText(summary.root() + "\n" + summary.trainingImages() + " images in " + summary.classes().size()
                + " classes. Drop another folder to replace it.");
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        for (int i = 0; i < summary.classes().size(); i++) {
            series.getData().add(new XYChart.Data<>(summary.classes().get(i), summary.imagesPerClass().get(i)));
        }
        perClass.getData().setAll(List.of(series));
        thumbnails.getChildren().clear();
        for (int i = 0; i < summary.classes().size(); i++) {
            FlowPane row = new FlowPane(4, 4);
            row.setPrefWrapLength(640);
            for (String file : summary.samplesPerClass().get(i)) {
                // Loaded in the background by JavaFX itself: the window never waits for disk.
                ImageView view = new ImageView(new Image(Path.of(file).toUri().toString(), 48, 48, true, true, true));
                row.getChildren().add(view);
            }
            Label name = new Label(summary.classes().get(i));
            name.setMinWidth(110);
            thumbnails.getChildren().add(new HBox(8, name, row));
        }
    }
}
