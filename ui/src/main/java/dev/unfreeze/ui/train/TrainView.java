package dev.unfreeze.ui.train;

import dev.unfreeze.ui.shared.LiveChart;
import dev.unfreeze.ui.shared.Point;
import dev.unfreeze.ui.shared.RobustRange;
import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.training.api.PastRun;
import dev.unfreeze.training.api.TrainingEvent;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Step 4: start, pause, cancel; live loss and validation curves with a marker where a group thawed. */
public final class TrainView extends VBox {
    /**
     * The backbone groups' rate curves, input to output: blues, darker towards the head, none so light or so dark
     * that it vanishes on the light or the dark theme's chart.
     */
    private static final Color[] GROUP_COLOURS = {new Color(0x8A, 0xB8, 0xFC),
        new Color(0x5A, 0x9B, 0xF6), new Color(0x2F, 0x7D, 0xEF), new Color(0x1A, 0x62, 0xD6)};

    public TrainView(TrainViewModel model) {
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
        pause.setId("pause");
        pause.setOnAction(e -> model.pause());
        Button resume = new Button("_Resume");
        resume.setId("resume");
        resume.setOnAction(e -> model.resume());
        Button cancel = new Button("_Cancel");
        cancel.setOnAction(e -> model.cancel());
        // a setting whose sentence stands (Layers & schedule, Training settings) keeps Train from starting
        train.disableProperty().bind(monitor.runningProperty().or(model.recipeValidProperty().not()));
        baseline.disableProperty().bind(train.disableProperty());
        pause.disableProperty().bind(monitor.runningProperty().not().or(monitor.pausedProperty()));
        resume.disableProperty().bind(monitor.runningProperty().not().or(monitor.pausedProperty().not()));
        cancel.disableProperty().bind(monitor.runningProperty().not());
        Label progress = new Label();
        progress.setId("progress");
        progress.textProperty().bind(Bindings.when(monitor.pausedProperty())
                .then("Paused: the run waits before its next batch until you resume or cancel it.")
                .otherwise(monitor.progressProperty()));
        progress.setWrapText(true);
        progress.setMinHeight(Region.USE_PREF_SIZE); // a closing line with a warning runs to two lines: none is cut
        monitor.notLearnedProperty().addListener((obs, old, now) -> {
            progress.getStyleClass().remove("not-learned");
            if (now != null) {
                progress.getStyleClass().add("not-learned");
            }
        });

        LiveChart loss = new LiveChart("loss-chart", "step", "batch loss");
        loss.addCurve("smoothed", monitor.smoothedLoss(), LiveChart.BLUE, 2f);
        loss.addCurve("loss", monitor.batchLoss(), LiveChart.LIGHT_BLUE, 1f);
        loss.setRobustRange(() -> RobustRange.of(monitor.batchLoss(), monitor.smoothedLoss(), loss.isLogScale()));
        monitor.thawMarkers().addListener((ListChangeListener<Point>) c -> {
            while (c.next()) {
                for (Point p : c.getAddedSubList()) {
                    int index = monitor.thawMarkers().indexOf(p);
                    loss.addMarker(p.x(), index >= 0 && index < monitor.thawNames().size() ? monitor.thawNames().get(index)
                            : "group " + (int) p.y());
                }
            }
            if (monitor.thawMarkers().isEmpty()) {
                loss.clearMarkers();
            }
        });
        CheckBox logScale = new CheckBox("Log scale");
        logScale.setId("loss-log-scale");
        logScale.selectedProperty().addListener((obs, was, log) -> loss.setLogScale(log));
        LiveChart validation = new LiveChart("validation-chart", "epoch", "validation");
        validation.addCurve("accuracy", monitor.valAccuracy(), LiveChart.GREEN, 2f);
        validation.addCurve("loss", monitor.valLoss(), LiveChart.ORANGE, 2f);
        validation.showWhenEmpty(monitor.withoutValidationProperty(), "No validation images in this run: it trains on "
                + "every labelled image. Where the automatic plan's folds scored the chosen plan, the leaderboard "
                + "above gives its estimate; a preset holds none out below 20 images a class.");
        LiveChart rate = new LiveChart("rate-chart", "step", "learning rate");
        rate.addCurve("head", monitor.learningRate(), LiveChart.GREY, 1.5f);
        rate.showWhenEmpty(monitor.solverIterationsProperty(),
                "No learning rate: a linear probe is fitted to convergence by L-BFGS, not in steps.");
        rate.laterCurvesOnTop();
        // each backbone group's rate joins the chart when the group starts training (discriminative rates show
        // as lower curves under the head's)
        monitor.groupRates().addListener((ListChangeListener<TrainingMonitor.GroupRate>) c -> {
            while (c.next()) {
                for (int i = c.getRemoved().size() - 1; i >= 0; i--) {
                    rate.removeCurve(c.getRemoved().get(i).name());
                }
                for (TrainingMonitor.GroupRate added : c.getAddedSubList()) {
                    int shade = added.groups() <= 1 ? GROUP_COLOURS.length - 1
                            : added.group() * (GROUP_COLOURS.length - 1) / (added.groups() - 1);
                    rate.addCurve(added.name(), added.points(), GROUP_COLOURS[shade], 1.5f);
                }
            }
        });
        rate.includeZero();
        rate.viewer().setPrefHeight(150);

        model.compared().addListener((ListChangeListener<PastRun>) c -> {
            validation.removeFixedCurves("earlier: ");
            for (PastRun past : model.compared()) {
                List<Point> points = new ArrayList<>();
                for (int i = 0; i < past.valAccuracy().size(); i++) {
                    points.add(new Point(i + 1, past.valAccuracy().get(i)));
                }
                validation.addFixedCurve("earlier: " + Path.of(past.directory()).getFileName() + " accuracy",
                        points, LiveChart.GREY);
            }
        });
        VBox lossBox = new VBox(2, loss, logScale);
        HBox.setHgrow(lossBox, Priority.ALWAYS);
        HBox.setHgrow(validation, Priority.ALWAYS);
        Label hint = new Label("Drag to zoom (drag left to fit again), Alt-drag to pan, the wheel zooms, right-click to save as PNG or SVG.");
        hint.getStyleClass().add("hint");
        Label ready = new Label();
        ready.setId("ready-model");
        ready.getStyleClass().add("hint");
        ready.setWrapText(true);
        ready.textProperty().bind(Bindings.createStringBinding(() -> readyText(
                monitor.readyModelProperty().get(), monitor.runningProperty().get()), monitor.readyModelProperty(),
                monitor.runningProperty()));
        ready.visibleProperty().bind(ready.textProperty().isNotEmpty());
        ready.managedProperty().bind(ready.visibleProperty());
        getChildren().addAll(title, new HBox(8, train, baseline, pause, resume, cancel), progress, ready,
                new PlanLeaderboard(monitor.planProperty(), model.transferVersusScratch()), new HBox(8, lossBox, validation), rate, hint,
                new PastRunsList(model));
    }

    /**
     * What the run folder holds while the search goes on, or while the chosen plan's model is scored on its folds;
     * empty once the run has ended or before a model is ready.
     */
    static String readyText(TrainingEvent.ModelReady ready, boolean running) {
        if (ready == null || !running) {
            return "";
        }
        if (!ready.provisional()) { // the chosen plan's model, before its score on the folds put after it
            return String.format(Locale.ROOT, "The adapted model (%s) is ready after %.0f s. It predicts and exports"
                    + " now; its score on the held-out folds follows on the leaderboard.", ready.plan(), ready.seconds());
        }
        String scores = Double.isNaN(ready.heldOutAccuracy()) ? " (its score on the held-out folds follows on the leaderboard)"
                : String.format(Locale.ROOT, ", %.1f%% on the held-out folds", 100 * ready.heldOutAccuracy());
        return String.format(Locale.ROOT, "A model is ready after %.0f s: the %s%s%s. "
                + "It predicts and exports now; the search goes on, and the plan it chooses replaces it when trained.",
                ready.seconds(), ready.plan().replace('-', ' '), scores,
                Double.isNaN(ready.testAccuracy()) ? ""
                        : String.format(Locale.ROOT, " and %.1f%% on the test images", 100 * ready.testAccuracy()));
    }
}
