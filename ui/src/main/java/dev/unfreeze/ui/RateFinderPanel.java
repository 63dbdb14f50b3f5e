package dev.unfreeze.ui;

import dev.unfreeze.training.api.RateCurve;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The learning rate and its range test: the rate in a field, "Find the rate" runs the test in a
 * helper process, the curve shows loss against rate on a log axis with the suggestion marked, and
 * "Use this rate" applies it.
 */
final class RateFinderPanel extends VBox {
    RateFinderPanel(WorkbenchViewModel model) {
        super(6);
        setId("rate-finder");
        TextField rate = new TextField();
        rate.setId("learning-rate");
        rate.setPrefColumnCount(8);
        rate.setText(format(model.learningRateProperty().get()));
        model.learningRateProperty().addListener((obs, old, v) -> rate.setText(format(v.doubleValue())));
        rate.setOnAction(e -> apply(model, rate));
        rate.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                apply(model, rate);
            }
        });
        Button find = new Button("Find the rate");
        find.setId("find-rate");
        find.setOnAction(e -> model.findRate());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.findingRateProperty());
        find.disableProperty().bind(model.findingRateProperty());
        Button use = new Button("Use this rate");
        use.setId("use-rate");
        use.disableProperty().bind(model.rateCurveProperty().isNull());
        use.setOnAction(e -> model.learningRateProperty().set(model.rateCurveProperty().get().suggested()));
        Label note = new Label();
        note.setWrapText(true);
        note.getStyleClass().add("hint");

        NumberAxis x = new NumberAxis();
        x.setLabel("learning rate (log scale)");
        x.setAutoRanging(false);
        x.setLowerBound(-6);
        x.setUpperBound(0);
        x.setTickUnit(1);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number exponent) {
                return String.format(Locale.ROOT, "1e%d", Math.round(exponent.doubleValue()));
            }

            @Override
            public Number fromString(String s) {
                return Math.log10(Double.parseDouble(s));
            }
        });
        NumberAxis y = new NumberAxis();
        y.setLabel("training loss");
        y.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("rate-curve");
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setPrefSize(520, 240);
        chart.visibleProperty().bind(model.rateCurveProperty().isNotNull());
        chart.managedProperty().bind(chart.visibleProperty());
        model.rateCurveProperty().addListener((obs, old, curve) -> {
            chart.getData().clear();
            if (curve == null) {
                note.setText("");
                return;
            }
            chart.getData().add(series("loss", curve, false));
            chart.getData().add(series("smoothed", curve, true));
            double low = curve.smoothed().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).min().orElse(0);
            double first = curve.smoothed().isEmpty() ? 1 : curve.smoothed().get(0);
            y.setAutoRanging(false);
            y.setLowerBound(Math.max(0, low - 0.1 * Math.abs(first - low)));
            y.setUpperBound(Math.max(first, low) * 1.3 + 1e-6);
            XYChart.Series<Number, Number> marker = new XYChart.Series<>();
            marker.setName(String.format(Locale.ROOT, "suggested %.2g", curve.suggested()));
            marker.getData().add(new XYChart.Data<>(Math.log10(curve.suggested()), y.getLowerBound()));
            marker.getData().add(new XYChart.Data<>(Math.log10(curve.suggested()), y.getUpperBound()));
            chart.getData().add(marker);
            note.setText(String.format(Locale.ROOT, "Suggested %.2g (%s), from %d steps at %.1f images/s.",
                    curve.suggested(), curve.rule(), curve.rates().size(), curve.imagesPerSecond()));
        });
        HBox controls = new HBox(8, new Label("Learning rate"), rate, find, spinner, use);
        controls.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(controls, note, chart);
    }

    private static XYChart.Series<Number, Number> series(String name, RateCurve curve, boolean smoothed) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        for (int i = 0; i < curve.rates().size(); i++) {
            double value = smoothed ? curve.smoothed().get(i) : curve.losses().get(i);
            if (Double.isFinite(value)) {
                series.getData().add(new XYChart.Data<>(Math.log10(curve.rates().get(i)), value));
            }
        }
        return series;
    }

    private static void apply(WorkbenchViewModel model, TextField field) {
        try {
            double value = Double.parseDouble(field.getText().trim());
            if (value > 0 && value <= 10) {
                model.learningRateProperty().set(value);
                return;
            }
        } catch (NumberFormatException ignored) {
            // falls through: show the rate in force again
        }
        field.setText(format(model.learningRateProperty().get()));
    }

    private static String format(double rate) {
        return String.format(Locale.ROOT, "%.3g", rate);
    }
}
