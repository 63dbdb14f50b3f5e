package dev.unfreeze.ui;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Step 4: start, pause, cancel; live loss and validation curves with a marker where a group thawed. */
final class TrainView extends VBox {
    private static final int MAX_DRAWN = 2000;

    TrainView(WorkbenchViewModel model) {
        super(10);
        setPadding(new Insets(16));
        TrainingMonitor monitor = model.monitor();
        Label title = new Label("Train");
        title.getStyleClass().add("step-title");
        Button train = new Button("_Train");
        train.setId("train");
        train.setDefaultButton(true);
        train.setOnAction(e -> model.train(false));
        Button baseline = new Button("Train from-scratch _baseline");
        baseline.setOnAction(e -> model.train(true));
        Button pause = new Button("_Pause");
        pause.setOnAction(e -> model.pause());
        Button resume = new Button("_Resume");
        resume.setOnAction(e -> model.resume());
        Button cancel = new Button("_Cancel");
        cancel.setOnAction(e -> model.cancel());
        train.disableProperty().bind(monitor.runningProperty());
        baseline.disableProperty().bind(monitor.runningProperty());
        pause.disableProperty().bind(monitor.runningProperty().not());
        resume.disableProperty().bind(monitor.runningProperty().not());
        cancel.disableProperty().bind(monitor.runningProperty().not());
        Label progress = new Label();
        progress.textProperty().bind(monitor.progressProperty());
        progress.setWrapText(true);

        LineChart<Number, Number> loss = chart("Batch loss (step)", "loss");
        loss.getData().add(DecimatedSeries.of("loss", monitor.batchLoss(), MAX_DRAWN));
        loss.getData().add(DecimatedSeries.of("smoothed", monitor.smoothedLoss(), MAX_DRAWN));
        monitor.thawMarkers().addListener((ListChangeListener<Point>) c -> {
            while (c.next()) {
                for (Point p : c.getAddedSubList()) {
                    loss.getData().add(marker(p, monitor));
                }
            }
            if (monitor.thawMarkers().isEmpty()) {
                loss.getData().removeIf(s -> s.getName() != null && s.getName().endsWith(" thaws"));
            }
        });
        LineChart<Number, Number> validation = chart("Validation (epoch)", "value");
        validation.getData().add(DecimatedSeries.of("accuracy", monitor.valAccuracy(), MAX_DRAWN));
        validation.getData().add(DecimatedSeries.of("loss", monitor.valLoss(), MAX_DRAWN));
        LineChart<Number, Number> rate = chart("Learning rate (step)", "rate");
        rate.getData().add(DecimatedSeries.of("head", monitor.learningRate(), MAX_DRAWN));
        rate.setPrefHeight(160);

        model.compared().addListener((ListChangeListener<dev.unfreeze.training.api.PastRun>) c -> {
            validation.getData().removeIf(s -> s.getName() != null && s.getName().startsWith("earlier: "));
            for (dev.unfreeze.training.api.PastRun past : model.compared()) {
                validation.getData().add(pastCurve(past));
            }
        });
        getChildren().addAll(title, new HBox(8, train, baseline, pause, resume, cancel), progress,
                new PlanLeaderboard(monitor.planProperty(), model.transferVersusScratch()), new HBox(8, loss, validation), rate,
                new PastRunsList(model));
    }

    private static XYChart.Series<Number, Number> pastCurve(dev.unfreeze.training.api.PastRun past) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName("earlier: " + java.nio.file.Path.of(past.directory()).getFileName() + " accuracy");
        for (int i = 0; i < past.valAccuracy().size(); i++) {
            series.getData().add(new XYChart.Data<>(i + 1, past.valAccuracy().get(i)));
        }
        return series;
    }

    /** A vertical line at the step where a group thawed. */
    private static XYChart.Series<Number, Number> marker(Point p, TrainingMonitor monitor) {
        double top = monitor.batchLoss().stream().mapToDouble(Point::y).max().orElse(1);
        XYChart.Series<Number, Number> line = new XYChart.Series<>();
        int index = monitor.thawMarkers().indexOf(p);
        line.setName((index >= 0 && index < monitor.thawNames().size() ? monitor.thawNames().get(index) : "group " + (int) p.y())
                + " thaws");
        line.getData().add(new XYChart.Data<>(p.x(), 0));
        line.getData().add(new XYChart.Data<>(p.x(), top));
        return line;
    }

    private static LineChart<Number, Number> chart(String x, String y) {
        NumberAxis xAxis = new NumberAxis();
        xAxis.setLabel(x);
        xAxis.setForceZeroInRange(false);
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(y);
        LineChart<Number, Number> chart = new LineChart<>(xAxis, yAxis);
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setPrefSize(460, 280);
        return chart;
    }
}
