package dev.unfreeze.ui.train;

import atlantafx.base.theme.Styles;
import dev.unfreeze.training.api.PlanReport;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/**
 * The automatic plan's leaderboard: each candidate's held-out accuracy with its spread, loss, each fold's
 * score, rate and time, the chosen one marked, and a line comparing transfer with the from-scratch baseline.
 */
public final class PlanLeaderboard extends VBox {
    PlanLeaderboard(ObjectProperty<PlanReport> plan, ObservableValue<String> baseline) {
        super(6);
        setId("plan-leaderboard");
        Label title = new Label("Plan search: candidates scored on held-out folds");
        title.getStyleClass().add("section-title");
        TableView<PlanReport.Candidate> table = new TableView<>();
        table.setId("plan-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getStyleClass().add(Styles.DENSE); // the theme's compact rows: five candidates fit without scrolling
        table.setPrefHeight(185);
        TableColumn<PlanReport.Candidate, String> name =
                column("Candidate", c -> (c.name().equals(chosen(plan)) ? "★ " : "") + c.name());
        name.setPrefWidth(125); // "★ linear-probe"
        table.getColumns().add(name);
        TableColumn<PlanReport.Candidate, String> accuracy = column("Accuracy", c -> c.hasScore()
                ? String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * c.accuracy(), 100 * c.spread()) : "–");
        accuracy.setPrefWidth(115);
        table.getColumns().add(accuracy);
        table.getColumns().add(narrow(column("Loss", c -> c.hasScore() ? String.format(Locale.ROOT, "%.3f", c.loss()) : "–")));
        TableColumn<PlanReport.Candidate, String> folds = column("Each fold, %", PlanLeaderboard::foldScores);
        folds.setPrefWidth(130); // five folds' scores side by side
        table.getColumns().add(folds);
        table.getColumns().add(narrow(column("Rate", c -> c.name().equals("linear-probe") ? "L-BFGS"
                : String.format(Locale.ROOT, "%.2g", c.recipe().learningRate().base()))));
        table.getColumns().add(narrow(column("Time", c -> String.format(Locale.ROOT, "%.0f s", c.seconds()))));
        TableColumn<PlanReport.Candidate, String> status = column("Status", PlanReport.Candidate::status);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new Tooltip(item)); // the whole sentence
            }
        });
        status.setPrefWidth(270); // a sentence: why a candidate was screened out or not tried
        table.getColumns().add(status);
        Label reason = new Label();
        reason.setWrapText(true);
        Label versus = new Label();
        versus.setId("transfer-vs-scratch");
        versus.setWrapText(true);
        versus.textProperty().bind(baseline);
        plan.addListener((obs, old, report) -> {
            table.getItems().setAll(report == null ? List.of() : report.candidates());
            title.setText(report != null && report.searching() ? "Plan search: scores so far on held-out folds"
                    : "Plan search: candidates scored on held-out folds");
            reason.setText(report == null ? "" : report.searching()
                    ? "Searching: the choice compares the candidates on the same held-out images once the search ends."
                    : "Chosen: " + report.reason() + ".");
        });
        visibleProperty().bind(plan.isNotNull());
        managedProperty().bind(visibleProperty());
        getChildren().addAll(title, table, reason, versus);
    }

    /** Each fold's held-out accuracy in percent, in fold order ("–" before the first): how much the folds agree. */
    public static String foldScores(PlanReport.Candidate c) {
        if (c.foldAccuracies().isEmpty()) {
            return "–";
        }
        return String.join(" ", c.foldAccuracies().stream().map(a -> String.format(Locale.ROOT, "%.0f", 100 * a)).toList());
    }

    private static String chosen(ObjectProperty<PlanReport> plan) {
        return plan.get() == null ? "" : plan.get().chosen();
    }

    /** A column of short figures, so that the status sentence gets the room. */
    private static TableColumn<PlanReport.Candidate, String> narrow(TableColumn<PlanReport.Candidate, String> column) {
        column.setPrefWidth(65);
        return column;
    }

    private static TableColumn<PlanReport.Candidate, String> column(String name,
            Function<PlanReport.Candidate, String> value) {
        TableColumn<PlanReport.Candidate, String> column = new TableColumn<>(name);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setSortable(false);
        return column;
    }
}
