package dev.unfreeze.ui.model;

import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** The chosen model's details: what it is, how big, what it takes, where it comes from and under which licence. */
final class ModelDetails extends GridPane {
    private final ModelViewModel models;

    ModelDetails(ModelViewModel models) {
        this.models = models;
        setId("model-details");
        setHgap(16);
        setVgap(8);
        setPadding(new Insets(8, 12, 8, 12));
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        getColumnConstraints().addAll(new ColumnConstraints(), values);
        models.modelProperty().addListener((obs, old, chosen) -> show());
        models.layoutProperty().addListener((obs, old, layout) -> show());
        show();
    }

    private void show() {
        getChildren().clear();
        ModelInfo m = models.modelProperty().get();
        if (m == null) {
            add(new Label("Choose a model to see its details."), 0, 0, 2, 1);
            return;
        }
        Label name = new Label(m.name());
        name.getStyleClass().add("section-title");
        name.setWrapText(true);
        add(name, 0, 0, 2, 1);
        ModelLayout layout = models.layoutProperty().get();
        boolean laidOut = layout != null && layout.model().id().equals(m.id());
        String[][] rows = {
            {"Id", m.id()},
            {"Source", m.source()},
            {"Architecture", m.architecture()},
            {"Parameters", String.format(Locale.ROOT, "%,d in the backbone", m.parameters())},
            {"Input", String.format(Locale.ROOT, "%d x %d px, %s", m.inputSize(), m.inputSize(),
                    m.channels() == 1 ? "greyscale" : "RGB")},
            {"Layer groups", laidOut ? String.format(Locale.ROOT, "%d, and the head (see Layers & schedule)",
                    layout.backboneGroups().size()) : "read when the model is chosen"},
            {"Size", String.format(Locale.ROOT, "about %.1f MB of float32 weights", m.parameters() * 4 / 1e6)},
            {"Provenance", m.provenance()},
            {"Licence", m.license()},
        };
        int row = 1;
        for (String[] r : rows) {
            Label key = new Label(r[0]);
            key.getStyleClass().add("text-muted");
            key.setMinWidth(Label.USE_PREF_SIZE); // the names stay whole; the values wrap
            Label value = new Label(r[1] == null || r[1].isBlank() ? "unknown" : r[1]);
            value.setWrapText(true);
            value.setMinHeight(Label.USE_PREF_SIZE);
            GridPane.setValignment(key, VPos.TOP);
            addRow(row++, key, value);
        }
    }
}
