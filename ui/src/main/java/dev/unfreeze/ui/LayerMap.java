package dev.unfreeze.ui;

import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelLayout;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The layer map: one block per group, input to output, its width growing with the parameter
 * count, blue while it trains from the start and grey while frozen. A click (or Space) toggles a
 * group; the freeze-line slider under it freezes everything to its left.
 */
final class LayerMap extends VBox {
    private final SchedulePlan plan;
    private final HBox blocks = new HBox(2);
    private final Slider freezeLine = new Slider();

    LayerMap(SchedulePlan plan) {
        super(4);
        this.plan = plan;
        blocks.setAlignment(Pos.BOTTOM_LEFT);
        freezeLine.setMajorTickUnit(1);
        freezeLine.setMinorTickCount(0);
        freezeLine.setSnapToTicks(true);
        freezeLine.setShowTickMarks(true);
        freezeLine.setAccessibleText("Freeze line: groups left of it stay frozen");
        freezeLine.valueProperty().addListener((obs, old, value) -> {
            if (freezeLine.isValueChanging() || freezeLine.isFocused()) {
                plan.setFreezeLine((int) Math.round(value.doubleValue()));
            }
        });
        Label legend = new Label("input → output.  Blue: trains from the start.  Grey: frozen.  Click a block to toggle it;"
                + " drag the freeze line to freeze everything left of it.");
        legend.getStyleClass().add("hint");
        getChildren().addAll(blocks, freezeLine, legend);
        plan.layoutProperty().addListener((obs, old, layout) -> redraw());
        plan.thawEpochs().addListener((javafx.collections.ListChangeListener<Integer>) c -> redraw());
        redraw();
    }

    private void redraw() {
        blocks.getChildren().clear();
        ModelLayout layout = plan.layoutProperty().get();
        if (layout == null || plan.thawEpochs().size() != layout.backboneGroups().size()) {
            return; // the plan is being refilled for a new model; its listener redraws once it is
        }
        long max = layout.groups().stream().mapToLong(LayerGroup::parameters).max().orElse(1);
        for (LayerGroup g : layout.groups()) {
            Button block = new Button(g.head() ? "head" : g.name().replaceFirst("^features\\.", ""));
            double width = (g.head() ? 40 : 22) + 70 * Math.sqrt((double) g.parameters() / max);
            block.setMinSize(width, 64);
            block.setPrefSize(width, 64);
            boolean trains = g.head() || plan.thawEpochs().get(g.index()) == 0;
            block.getStyleClass().addAll("layer-block", trains ? "trainable" : "frozen");
            block.setTooltip(new Tooltip(String.format(java.util.Locale.ROOT, "%s: %,d parameters%s", g.name(),
                    g.parameters(), g.head() ? " (new head, always trains)" : "")));
            block.setAccessibleText(g.name() + (trains ? " trainable" : " frozen"));
            if (!g.head()) {
                block.setOnAction(e -> plan.toggle(g.index()));
            }
            blocks.getChildren().add(block);
        }
        int groups = layout.backboneGroups().size();
        freezeLine.setMax(groups);
        int firstTrainable = 0;
        while (firstTrainable < groups && plan.thawEpochs().get(firstTrainable) != 0) {
            firstTrainable++;
        }
        if (!freezeLine.isValueChanging()) {
            freezeLine.setValue(firstTrainable);
        }
    }
}
