package dev.unfreeze.ui.layers;

import dev.unfreeze.ui.shared.Counts;
import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.PlanOrderThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The layer map: one block per group, input to output, its width growing with the parameter
 * count and the whole map fitting the window; each block names its group and its parameter count,
 * and shows by colour and by icon whether it trains from the start, thaws later or stays frozen. A click (or Space) toggles a
 * group; the freeze-line slider under it freezes everything to its left.
 */
final class LayerMap extends VBox {
    private final SchedulePlan plan;
    private final HBox blocks = new HBox(2);
    /** Under each block, how far the dataset is from the backbone's own data at that group. */
    private final HBox strip = new HBox(2);
    private final ObservableValue<List<Double>> shift;
    private final Slider freezeLine = new Slider();

    /** A group's state in the plan, told by colour and by icon (so not by colour alone). */
    private enum State {
        TRAINS("trainable", "trains from the start", Material2AL.LOCAL_FIRE_DEPARTMENT),
        SCALES_ONLY("scales-only", "only its scales, shifts and biases train; its kernels and statistics stay",
                Material2MZ.TUNE),
        THAWS_LATER("thaws-later", "thaws later", Material2AL.ALARM),
        FROZEN("frozen", "frozen", Material2AL.LOCK);

        final String style;
        final String words;
        final Ikon icon;

        State(String style, String words, Ikon icon) {
            this.style = style;
            this.words = words;
            this.icon = icon;
        }
    }

    LayerMap(SchedulePlan plan) {
        this(plan, new SimpleObjectProperty<>(List.of()));
    }

    /** @param shift each backbone group's statistics shift (0 to 1), empty while unknown */
    LayerMap(SchedulePlan plan, ObservableValue<List<Double>> shift) {
        super(4);
        this.plan = plan;
        this.shift = shift;
        strip.setId("statistics-shift");
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
        Label legend = new Label("input → output, each block a layer group with its parameters.  Flame: trains from the "
                + "start.  Sliders: only scales, shifts and biases train (BitFit).  Clock: thaws later.  Lock: frozen.  Click a block to toggle it; drag the freeze line to freeze "
                + "everything left of it.");
        legend.setWrapText(true);
        legend.getStyleClass().add("hint");
        Label shiftLegend = new Label("Red strip: how far your images are from the backbone's own data at each group "
                + "(its BatchNorm statistics against your images'; darker is farther, the value is in each cell's tooltip). "
                + String.format(Locale.ROOT, "%.1f or more at the first group makes the automatic plan prefer "
                        + "fine-tuning the whole network to BitFit; under it, BitFit below %d images a class, %d in all"
                        + " and %d classes.",
                        PlanOrderThresholds.FOREIGN_AT_INPUT, PlanOrderThresholds.MOST_ADAPTED_FROM,
                        PlanOrderThresholds.MOST_ADAPTED_FROM_IMAGES, PlanOrderThresholds.MANY_CLASSES));
        shiftLegend.setWrapText(true);
        shiftLegend.getStyleClass().add("hint");
        shiftLegend.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> !shift.getValue().isEmpty(), shift));
        shiftLegend.managedProperty().bind(shiftLegend.visibleProperty());
        strip.visibleProperty().bind(shiftLegend.visibleProperty());
        strip.managedProperty().bind(shiftLegend.visibleProperty());
        getChildren().addAll(blocks, strip, freezeLine, legend, shiftLegend);
        shift.addListener((obs, old, value) -> redraw());
        plan.layoutProperty().addListener((obs, old, layout) -> redraw());
        plan.thawEpochs().addListener((ListChangeListener<Integer>) c -> redraw());
        plan.presetProperty().addListener((obs, old, preset) -> redraw());
        redraw();
    }

    private void redraw() {
        blocks.getChildren().clear();
        strip.getChildren().clear();
        List<Double> shifts = shift.getValue();
        ModelLayout layout = plan.layoutProperty().get();
        if (layout == null || plan.thawEpochs().size() != layout.backboneGroups().size()) {
            return; // the plan is being refilled for a new model; its listener redraws once it is
        }
        long max = Math.max(1, layout.groups().stream().mapToLong(LayerGroup::parameters).max().orElse(1));
        String prefix = commonPrefix(layout.backboneGroups().stream().map(LayerGroup::name).toList());
        double totalWeight = layout.groups().stream().mapToDouble(g -> weight(g, max)).sum();
        boolean scalesOnly = plan.scalesAndBiasesOnly();
        for (LayerGroup g : layout.groups()) {
            int thaw = g.head() ? 0 : plan.thawEpochs().get(g.index());
            State state = thaw == 0 ? (scalesOnly && !g.head() ? State.SCALES_ONLY : State.TRAINS)
                    : thaw == SchedulePlan.NEVER ? State.FROZEN : State.THAWS_LATER;
            List<String> lines = labelLines(g, prefix);
            Button block = new Button(String.join("\n", lines), new FontIcon(state.icon));
            // a narrow block shows the lines that fit whole, from the top, never a cut one; the tooltip has them all
            block.widthProperty().addListener((obs, old, width) -> block.setText(fitting(lines, width.doubleValue(),
                    block.getFont(), block.getPadding().getLeft() + block.getPadding().getRight())));
            block.setContentDisplay(ContentDisplay.TOP);
            block.setTextAlignment(TextAlignment.CENTER);
            // widths follow the parameter count, and the whole map fits the window: the head stays in view
            // at 19 groups and at 50 (a narrow block shows its icon; its name is in the tooltip)
            double share = weight(g, max) / totalWeight;
            block.setMinSize(14, 72);
            block.setPrefHeight(72);
            block.prefWidthProperty().bind(blocks.widthProperty().subtract(2.0 * layout.groups().size()).multiply(share));
            block.getStyleClass().addAll("layer-block", state.style);
            String output = g.outputDescription().isEmpty() ? "" : "; output " + g.outputDescription();
            Tooltip tip = new Tooltip(String.format(Locale.ROOT, "%s: %,d parameters%s; %s", g.name(), g.parameters(), output,
                    g.head() ? "the new head, always trains" : state == State.THAWS_LATER
                            ? "frozen until epoch " + (thaw + 1) + ", then trains" : state.words));
            tip.setShowDelay(Duration.millis(200));
            block.setTooltip(tip);
            block.setAccessibleText(g.name() + ", " + state.words);
            if (!g.head()) {
                block.setOnAction(e -> plan.toggle(g.index()));
            }
            blocks.getChildren().add(block);
            strip.getChildren().add(shiftCell(g, shifts, block));
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

    /** The strip's cell under a block: red as deep as the group's shift (0.25 and beyond: full), with its value. */
    private static Region shiftCell(LayerGroup g, List<Double> shifts, Button block) {
        Region cell = new Region();
        cell.setMinHeight(8);
        cell.setPrefHeight(8);
        cell.prefWidthProperty().bind(block.widthProperty());
        cell.minWidthProperty().bind(block.minWidthProperty());
        double value = g.head() || g.index() >= shifts.size() ? Double.NaN : shifts.get(g.index());
        cell.getStyleClass().add("shift-cell");
        if (!Double.isNaN(value)) {
            cell.setStyle(String.format(Locale.ROOT, "-fx-opacity: %.2f;", 0.08 + 0.92 * Math.min(1, value / 0.25)));
            Tooltip.install(cell, new Tooltip(String.format(Locale.ROOT,
                    "%s: %.2f from the backbone's own data (0 the same, 1 nothing alike)", g.name(), value)));
            cell.setAccessibleText(String.format(Locale.ROOT, "%s shift %.2f", g.name(), value));
        } else {
            cell.setStyle("-fx-opacity: 0;");
        }
        return cell;
    }

    /**
     * A block's share of the width: growing with the square root of its parameters, never vanishing; the head, small
     * but the one group every plan trains, at least wide enough for its name.
     */
    private static double weight(LayerGroup g, long max) {
        double weight = 0.25 + Math.sqrt((double) g.parameters() / max);
        return g.head() ? Math.max(0.6, weight) : weight;
    }

    /** A block's lines: its name, its parameters, and its output channels (the class count for the head) when known. */
    private static List<String> labelLines(LayerGroup g, String prefix) {
        List<String> lines = new ArrayList<>(List.of(shortName(g, prefix), Counts.compact(g.parameters())));
        if (!g.outputShape().isEmpty()) {
            lines.add(g.outputShape().get(0) + (g.head() ? " out" : " ch"));
        }
        return lines;
    }

    /** The lines, from the top, that fit the block's width whole (none if not even its name does). */
    static String fitting(List<String> lines, double width, Font font, double padding) {
        StringBuilder shown = new StringBuilder();
        for (String line : lines) {
            Text text = new Text(line);
            text.setFont(font);
            if (text.getLayoutBounds().getWidth() > width - padding - 1) {
                break;
            }
            shown.append(shown.length() == 0 ? "" : "\n").append(line);
        }
        return shown.toString();
    }

    /** A group's name without what every backbone group's name begins with ({@code features.12} is {@code 12}). */
    private static String shortName(LayerGroup g, String prefix) {
        return g.head() ? "head" : g.name().length() > prefix.length() ? g.name().substring(prefix.length()) : g.name();
    }

    /** What the names share at their start, ending where a number begins (never the whole of a name). */
    static String commonPrefix(List<String> names) {
        if (names.size() < 2) {
            return "";
        }
        String prefix = names.get(0);
        for (String name : names) {
            int i = 0;
            while (i < prefix.length() && i < name.length() && prefix.charAt(i) == name.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        // "layer1" and "layer12" share "layer1": cut back to before the digits
        int end = prefix.length();
        while (end > 0 && Character.isDigit(prefix.charAt(end - 1))) {
            end--;
        }
        return prefix.substring(0, end);
    }
}
