package dev.unfreeze.ui.results;

import dev.unfreeze.ui.shared.FileDropZone;
import dev.unfreeze.ui.shared.HeatMapView;
import dev.unfreeze.ui.shared.ResultsSource;
import dev.unfreeze.ui.shared.ThumbnailView;
import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.Prediction;
import dev.unfreeze.training.api.ValidationPrediction;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.stage.FileChooser;
import org.controlsfx.control.PopOver;

/** Step 5: the confusion matrix as a heat map and per-class precision, recall and F1. */
public final class ResultsView extends VBox {
    private final GridPane heatMap = new GridPane();
    private final ResultsViewModel results;
    private final TrainingMonitor monitor;

    /**
     * @param results the step's view model
     * @param monitor the run whose results are shown
     */
    public ResultsView(ResultsViewModel results, TrainingMonitor monitor) {
        super(12);
        this.results = results;
        this.monitor = monitor;
        setPadding(new Insets(16));
        Label title = new Label("Results");
        title.getStyleClass().add("step-title");
        heatMap.setHgap(2);
        heatMap.setVgap(2);
        TableView<ClassMetrics> table = new TableView<>();
        table.getColumns().add(column("class", m -> m.name()));
        table.getColumns().add(column("precision", m -> String.format(Locale.ROOT, "%.3f", m.precision())));
        table.getColumns().add(column("recall", m -> String.format(Locale.ROOT, "%.3f", m.recall())));
        table.getColumns().add(column("F1", m -> String.format(Locale.ROOT, "%.3f", m.f1())));
        table.getColumns().add(column("images", m -> String.valueOf(m.support())));
        table.setPrefHeight(220);
        monitor.perClassProperty().addListener((obs, old, metrics) -> table.getItems().setAll(metrics));
        monitor.confusionProperty().addListener((obs, old, counts) -> draw(counts, monitor.classesProperty().get()));
        Label source = new Label();
        source.textProperty().bind(Bindings.createStringBinding(() -> switch (monitor.resultsSourceProperty().get()) {
            case VALIDATION -> "";
            case TEST -> "The final model trained on every labelled image, so these are its answers on the dataset's"
                    + " test images, which took part in neither training nor choosing the plan.";
            case FOLDS -> "The final model trained on every labelled image, so these are the automatic plan's answers on"
                    + " its folds' held-out images, each judged by a model that did not train on it.";
        }, monitor.resultsSourceProperty()));
        source.getStyleClass().add("hint");
        source.setWrapText(true);
        source.visibleProperty().bind(monitor.resultsSourceProperty().isNotEqualTo(ResultsSource.VALIDATION));
        source.managedProperty().bind(source.visibleProperty());
        Label trust = new Label();
        trust.setId("confidence-trust");
        trust.getStyleClass().add("hint");
        trust.setWrapText(true);
        trust.textProperty().bind(Bindings.createStringBinding(() -> ConfidenceTrust.sentence(
                results.gallery().calibration().get(), monitor.resultsSourceProperty().get() == ResultsSource.VALIDATION
                        ? monitor.fittedTemperatureProperty().get() : null, results.testCalibration().get()),
                results.gallery().calibration(), monitor.resultsSourceProperty(), monitor.fittedTemperatureProperty(),
                results.testCalibration()));
        trust.visibleProperty().bind(trust.textProperty().isNotEmpty());
        trust.managedProperty().bind(trust.visibleProperty());
        Label nothingHeldOut = new Label("No image was held out from this model: it trained on every labelled image"
                + " and the dataset has no test part, so there are no answers to count here. \"unfreeze evaluate\" scores"
                + " it on labelled images; \"Try an image\" below shows its answer for one.");
        nothingHeldOut.setId("nothing-held-out");
        nothingHeldOut.getStyleClass().add("hint");
        nothingHeldOut.setWrapText(true);
        // a finished run's matrix that holds no image: nothing was held out from its model
        nothingHeldOut.visibleProperty().bind(Bindings.createBooleanBinding(() -> !monitor.runningProperty().get()
                && monitor.confusionProperty().get() != null
                && TrainingMonitor.noImages(monitor.confusionProperty().get()), monitor.runningProperty(),
                monitor.confusionProperty()));
        nothingHeldOut.managedProperty().bind(nothingHeldOut.visibleProperty());
        getChildren().addAll(title, source, trust, nothingHeldOut,
                new Label("Confusion matrix (rows: true class, columns: predicted; click a cell to see its images)"),
                heatMap, gallery(results.gallery().selectedCell(), "No cell chosen."), table,
                new Label("Most confidently wrong"), gallery(results.gallery().mostConfidentlyWrong(), "Nothing wrong yet."),
                tryAnImage());
    }

    /**
     * Where the run's model looks in a gallery picture, beside it: the map appears when found (seconds). After an
     * automatic plan the pictures' answers came from fold models, while the map is the final model's, which trained
     * on the picture; the caption says so.
     */
    private void explainInPopOver(Node anchor, Path image) {
        HeatMapView view = new HeatMapView();
        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(32, 32);
        Label waiting = new Label("Finding where the model looks...");
        VBox content = new VBox(8, new HBox(8, working, waiting));
        content.setPadding(new Insets(10));
        PopOver popOver = new PopOver(content);
        popOver.setTitle(image.getFileName().toString());
        popOver.setHeaderAlwaysVisible(true);
        popOver.setDetachable(false);
        popOver.show(anchor);
        String whose = monitor.resultsSourceProperty().get() == ResultsSource.FOLDS
                ? " (the final model's, which trained on this picture)" : "";
        Consumer<String> explain = className -> results.explain(image, className)
                .whenComplete((explained, failure) -> Platform.runLater(() -> {
                    if (failure != null || explained == null) {
                        waiting.setText("The map could not be made; see the message above.");
                        working.setVisible(false);
                        content.getChildren().setAll(new HBox(8, working, waiting));
                        return;
                    }
                    view.show(image, explained, whose);
                    content.getChildren().setAll(view);
                }));
        view.setOnClassChosen(explain);
        explain.accept(null);
    }

    /** Thumbnails of validation images, each with what it is and what the model said. */
    private Node gallery(ObservableList<ValidationPrediction> items, String empty) {
        FlowPane pane = new FlowPane(8, 8);
        Runnable redraw = () -> {
            pane.getChildren().clear();
            if (items.isEmpty()) {
                pane.getChildren().add(new Label(empty));
            }
            for (ValidationPrediction p : items) {
                ThumbnailView image = new ThumbnailView(results.thumbnails(), Path.of(p.file()), 64);
                image.setCursor(Cursor.HAND);
                Tooltip.install(image, new Tooltip(
                        "Click to see where the model looks in this picture"));
                image.setOnMouseClicked(e -> explainInPopOver(image, Path.of(p.file())));
                Label caption = new Label(String.format(Locale.ROOT, "%s%n→ %s %.0f%%", p.actual(), p.predicted(),
                        100 * p.confidence()));
                caption.getStyleClass().add("hint");
                pane.getChildren().add(new VBox(2, image, caption));
            }
        };
        items.addListener((ListChangeListener<ValidationPrediction>) c -> redraw.run());
        redraw.run();
        return pane;
    }

    /** "Try an image": drop a picture (or open one) to see the top classes of the run's best model. */
    private Node tryAnImage() {
        Label drop = FileDropZone.create("Try an image: drop a picture here", files -> results.tryImage(files.get(0).toPath()));
        Button open = new Button("Open _image...");
        open.setOnAction(e -> {
            File file = new FileChooser().showOpenDialog(open.getScene().getWindow());
            if (file != null) {
                results.tryImage(file.toPath());
            }
        });
        StackPane preview = new StackPane();
        preview.setMinSize(96, 96);
        // the tried picture stays at the top of its row, however tall the heat map beside it
        preview.setMaxHeight(Region.USE_PREF_SIZE);
        preview.getStyleClass().add("try-preview");
        results.tryImageProperty().addListener((obs, old, image) -> {
            if (image == null) {
                preview.getChildren().clear();
            } else {
                preview.getChildren().setAll(new ThumbnailView(results.thumbnails(), image, 96));
            }
        });
        Node heat = triedHeatMap();
        VBox bars = new VBox(4);
        results.tryResult().addListener((ListChangeListener<Prediction>) c -> {
            bars.getChildren().clear();
            for (Prediction p : results.tryResult()) {
                ProgressBar bar = new ProgressBar(p.probability());
                bar.setPrefWidth(220);
                Label name = new Label(p.className());
                name.setMinWidth(110);
                bars.getChildren().add(new HBox(8, name, bar,
                        new Label(String.format(Locale.ROOT, "%.1f%%", 100 * p.probability()))));
            }
        });
        HBox row = new HBox(12, open, preview, bars, heat);
        row.setAlignment(Pos.TOP_LEFT);
        return new VBox(6, drop, row);
    }

    /** Where the model looks on the tried image, once found. */
    private Node triedHeatMap() {
        HeatMapView view = new HeatMapView();
        view.setId("try-heat");
        view.setOnClassChosen(className -> results.explainTried(className));
        view.visibleProperty().bind(results.tryExplanationProperty().isNotNull());
        view.managedProperty().bind(view.visibleProperty());
        results.tryExplanationProperty().addListener((obs, old, explained) ->
                view.show(results.tryImageProperty().get(), explained, ""));
        return view;
    }

    private static TableColumn<ClassMetrics, String> column(String name, Function<ClassMetrics, String> value) {
        TableColumn<ClassMetrics, String> column = new TableColumn<>(name);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setMinWidth(widthOf(name, Font.getDefault()) + 32); // the header whole, its sort arrow beside it
        return column;
    }

    /** How wide a text is drawn in a font. */
    private static double widthOf(String text, Font font) {
        Text measured = new Text(text);
        measured.setFont(font);
        return measured.getLayoutBounds().getWidth();
    }

    private void draw(int[][] counts, List<String> classes) {
        heatMap.getChildren().clear();
        if (counts == null) {
            return;
        }
        int max = 1;
        for (int[] row : counts) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        for (int j = 0; j < counts.length; j++) {
            Label head = new Label(j < classes.size() ? classes.get(j) : String.valueOf(j));
            head.setWrapText(true);
            // a class name wraps between its words, never inside one: the column widens to its longest word
            double longestWord = Arrays.stream(head.getText().split("\\s+")).mapToDouble(word -> widthOf(word, head.getFont()))
                    .max().orElse(0);
            head.setMinWidth(Math.max(64, Math.ceil(longestWord) + 12));
            head.setPrefWidth(head.getMinWidth());
            head.setAlignment(Pos.BOTTOM_CENTER);
            head.setTextAlignment(TextAlignment.CENTER);
            heatMap.add(head, j + 1, 0);
        }
        for (int i = 0; i < counts.length; i++) {
            heatMap.add(new Label(i < classes.size() ? classes.get(i) : String.valueOf(i)), 0, i + 1);
            for (int j = 0; j < counts.length; j++) {
                double share = (double) counts[i][j] / max;
                Button cell = new Button(String.valueOf(counts[i][j]));
                cell.setMinSize(64, 32);
                cell.getStyleClass().add("confusion-cell");
                cell.setAlignment(Pos.CENTER);
                String actual = i < classes.size() ? classes.get(i) : String.valueOf(i);
                String predicted = j < classes.size() ? classes.get(j) : String.valueOf(j);
                cell.setAccessibleText(actual + " predicted as " + predicted + ": " + counts[i][j]);
                cell.setOnAction(e -> results.gallery().selectCell(actual, predicted));
                Color color = i == j ? Color.rgb(33, 113, 181, 0.15 + 0.85 * share) : Color.rgb(203, 24, 29, share * 0.9);
                cell.setStyle("-fx-background-color: " + web(color) + ";" + (share > 0.6 ? "-fx-text-fill: white;" : ""));
                heatMap.add(cell, j + 1, i + 1);
            }
        }
    }

    private static String web(Color c) {
        return String.format(Locale.ROOT, "rgba(%d,%d,%d,%.3f)", (int) (c.getRed() * 255), (int) (c.getGreen() * 255),
                (int) (c.getBlue() * 255), c.getOpacity());
    }
}
