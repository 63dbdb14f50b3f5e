package dev.unfreeze.ui.layers;

import dev.unfreeze.ui.shared.LiveChart;
import dev.unfreeze.ui.shared.Point;
import dev.unfreeze.ui.shared.RobustRange;
import dev.unfreeze.training.api.RateCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The learning rate and its range test: the rate in a field, "Find the rate" runs the test in a
 * helper process, the curve shows loss against rate on a log axis with the suggestion marked, and
 * "Use this rate" applies it.
 */
final class RateFinderPanel extends VBox {
    RateFinderPanel(PlanViewModel plan) {
        super(6);
        setId("rate-finder");
        TextField rate = new TextField();
        rate.setId("learning-rate");
        rate.setPrefColumnCount(8);
        RecipeSettings settings = plan.settings();
        rate.setText(format(settings.learningRate()));
        settings.recipeProperty().addListener((obs, old, v) -> {
            if (old == null || old.learningRate().base() != v.learningRate().base()) { // not on every other setting
                rate.setText(format(v.learningRate().base()));
            }
        });
        rate.setOnAction(e -> apply(plan, rate));
        rate.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                apply(plan, rate);
            }
        });
        Button find = new Button("Find the rate");
        find.setId("find-rate");
        find.setOnAction(e -> plan.findRate());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(plan.findingRateProperty());
        find.disableProperty().bind(plan.findingRateProperty());
        Button use = new Button("Use this rate");
        use.setId("use-rate");
        use.disableProperty().bind(plan.rateCurveProperty().isNull());
        use.setOnAction(e -> settings.setLearningRate(plan.rateCurveProperty().get().suggested()));
        Label note = new Label();
        note.setWrapText(true);
        note.getStyleClass().add("hint");

        ObservableList<Point> losses = FXCollections.observableArrayList();
        ObservableList<Point> smoothed = FXCollections.observableArrayList();
        LiveChart chart = new LiveChart("rate-curve", "learning rate (log scale)", "training loss");
        chart.setLogDomain("learning rate (log scale)");
        chart.addCurve("smoothed", smoothed, LiveChart.BLUE, 2f);
        chart.addCurve("loss", losses, LiveChart.LIGHT_BLUE, 1f);
        chart.setRobustRange(() -> RobustRange.of(losses, smoothed, false));
        chart.viewer().setPrefSize(520, 240);
        chart.visibleProperty().bind(plan.rateCurveProperty().isNotNull());
        chart.managedProperty().bind(chart.visibleProperty());
        plan.rateCurveProperty().addListener((obs, old, curve) -> {
            chart.clearMarkers();
            if (curve == null) {
                losses.clear();
                smoothed.clear();
                note.setText("");
                return;
            }
            losses.setAll(points(curve, false));
            smoothed.setAll(points(curve, true));
            // the sweep's loss climbs steeply at its end; the robust range keeps the valley readable
            chart.addMarker(curve.suggested(), String.format(Locale.ROOT, "suggested %.2g", curve.suggested()));
            note.setText(String.format(Locale.ROOT, "Suggested %.2g (%s), from %d steps at %.1f images/s.",
                    curve.suggested(), curve.rule(), curve.rates().size(), curve.imagesPerSecond()));
        });
        HBox controls = new HBox(8, new Label("Learning rate"), rate, find, spinner, use);
        controls.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(controls, note, chart);
    }

    private static List<Point> points(RateCurve curve, boolean smoothed) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < curve.rates().size(); i++) {
            double value = smoothed ? curve.smoothed().get(i) : curve.losses().get(i);
            if (Double.isFinite(value) && curve.rates().get(i) > 0) {
                points.add(new Point(curve.rates().get(i), value));
            }
        }
        return points;
    }

    private static void apply(PlanViewModel plan, TextField field) {
        try {
            double value = Double.parseDouble(field.getText().trim());
            if (value > 0 && value <= 10) {
                plan.settings().setLearningRate(value);
                return;
            }
        } catch (NumberFormatException ignored) {
            // falls through: show the rate in force again
        }
        field.setText(format(plan.settings().learningRate()));
    }

    private static String format(double rate) {
        return String.format(Locale.ROOT, "%.3g", rate);
    }
}
