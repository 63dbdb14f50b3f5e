package dev.unfreeze.ui.train;

import dev.unfreeze.training.api.PastRun;
import dev.unfreeze.training.api.RunStatus;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Earlier runs, rebuilt from their folders after every start: status and best accuracy, a check
 * box to draw a run's validation curve beside the current one, and Resume for a run that stopped.
 */
final class PastRunsList extends VBox {
    PastRunsList(TrainViewModel model) {
        super(4);
        ListView<PastRun> list = new ListView<>(model.pastRuns());
        list.setPrefHeight(150);
        model.refreshPastRuns(); // the runs folder as the window opens; every run's end reads it again
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(PastRun run, boolean empty) {
                super.updateItem(run, empty);
                if (empty || run == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                CheckBox compare = new CheckBox("compare");
                compare.setSelected(model.compared().contains(run));
                compare.setOnAction(e -> {
                    if (compare.isSelected()) {
                        model.compared().add(run);
                    } else {
                        model.compared().remove(run);
                    }
                });
                Label text = new Label(String.format(Locale.ROOT, "%s  %s, %s%s  %s  %d/%d epochs  best %s",
                        Path.of(run.directory()).getFileName(), run.model(), run.schedule(),
                        run.fromScratch() ? " (from scratch)" : "", run.status().word(), run.epochsDone(), run.epochs(),
                        Double.isNaN(run.bestValAccuracy()) ? "-" : String.format(Locale.ROOT, "%.1f%%",
                                100 * run.bestValAccuracy())));
                HBox.setHgrow(text, Priority.ALWAYS);
                text.setMaxWidth(Double.MAX_VALUE);
                HBox row = new HBox(8, compare, text);
                if (run.status() == RunStatus.RUNNING) {
                    Button followIt = new Button("Follow");
                    followIt.disableProperty().bind(model.monitor().runningProperty());
                    followIt.setOnAction(e -> model.followRun(run));
                    row.getChildren().add(followIt);
                } else if (run.resumable() && run.status() != RunStatus.FINISHED) {
                    Button resume = new Button("Resume");
                    resume.disableProperty().bind(model.monitor().runningProperty());
                    resume.setOnAction(e -> model.resumeRun(run));
                    row.getChildren().add(resume);
                }
                if (run.message() != null) {
                    text.setTooltip(new Tooltip(run.message()));
                }
                setGraphic(row);
                setText(null);
            }
        });
        getChildren().addAll(new Label("Earlier runs"), list);
    }
}
