package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelLayout;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/**
 * The unfreezing timeline: a row per group (the head on top), a column per epoch; a filled cell
 * means the group trains in that epoch. Clicking a cell makes the group start training there
 * (clicking its first filled cell again freezes it for good). Each row shows its rate multiplier.
 */
final class UnfreezeTimeline extends GridPane {
    private final SchedulePlan plan;

    UnfreezeTimeline(SchedulePlan plan) {
        this.plan = plan;
        setHgap(2);
        setVgap(2);
        plan.layoutProperty().addListener((obs, old, l) -> redraw());
        plan.thawEpochs().addListener((ListChangeListener<Integer>) c -> redraw());
        plan.epochsProperty().addListener((obs, old, e) -> redraw());
        plan.ulmfitRatesProperty().addListener((obs, old, e) -> redraw());
        redraw();
    }

    private void redraw() {
        getChildren().clear();
        ModelLayout layout = plan.layoutProperty().get();
        if (layout == null || plan.thawEpochs().size() != layout.backboneGroups().size()) {
            return;
        }
        int epochs = plan.epochsProperty().get();
        for (int e = 0; e < epochs; e++) {
            add(new Label(String.valueOf(e + 1)), e + 1, 0);
        }
        add(new Label("× rate"), epochs + 1, 0);
        List<LayerGroup> groups = layout.groups();
        int row = 1;
        for (int i = groups.size() - 1; i >= 0; i--) {
            LayerGroup g = groups.get(i);
            add(new Label(g.name()), 0, row);
            for (int e = 0; e < epochs; e++) {
                boolean trains = g.head() || plan.trains(g.index(), e);
                Button cell = new Button();
                cell.setMinSize(22, 16);
                cell.setPrefSize(22, 16);
                cell.getStyleClass().addAll("timeline-cell", trains ? "trainable" : "frozen");
                cell.setAccessibleText(g.name() + ", epoch " + (e + 1) + (trains ? ": trains" : ": frozen"));
                if (!g.head()) {
                    int epoch = e;
                    cell.setOnAction(a -> plan.setThawEpoch(g.index(), epoch));
                }
                add(cell, e + 1, row);
            }
            add(new Label(g.head() ? "1" : String.format(Locale.ROOT, "%.3g", plan.multiplier(g.index()))), epochs + 1, row);
            row++;
        }
    }
}
