package dev.unfreeze.ui.data;

import dev.unfreeze.ui.shared.Thumbnails;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import dev.unfreeze.training.api.DatasetReport.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * A few thumbnails of each class, and the skipped files marked as broken tiles with their reason.
 * Thumbnails are made (and cached) in the background; the grid shows empty tiles until they arrive.
 */
final class ThumbnailGrid extends VBox {
    static final int TILE = 56;
    private static final int BROKEN_SHOWN = 16;
    private static final Set<String> BROKEN = Set.of("unreadable", "not-an-image", "empty-file", "too-large");

    private final Thumbnails thumbnails;
    private int generation;

    ThumbnailGrid(Thumbnails thumbnails) {
        super(6);
        this.thumbnails = thumbnails;
    }

    void show(DatasetReport report) {
        int shown = ++generation;
        getChildren().clear();
        Path root = Path.of(report.root());
        for (ClassEntry c : report.classes()) {
            FlowPane row = new FlowPane(4, 4);
            row.setPrefWrapLength(640);
            for (String file : c.samples()) {
                row.getChildren().add(tile(root.resolve(file), file, shown));
            }
            getChildren().add(new HBox(8, name(c.name() + "\n" + c.total() + " images" + DatasetParts.label(c)), row));
        }
        List<Finding> broken = report.findings().stream().filter(f -> f.file() != null && BROKEN.contains(f.kind())).toList();
        if (!broken.isEmpty()) {
            FlowPane row = new FlowPane(4, 4);
            row.setPrefWrapLength(640);
            broken.stream().limit(BROKEN_SHOWN).forEach(f -> row.getChildren().add(brokenTile(f)));
            Label name = name("Skipped\n" + broken.size() + " files");
            name.getStyleClass().add("broken-label");
            getChildren().add(new HBox(8, name, row));
        }
    }

    private StackPane tile(Path file, String name, int shown) {
        ImageView view = new ImageView();
        view.setFitWidth(TILE);
        view.setFitHeight(TILE);
        view.setPreserveRatio(true);
        StackPane tile = new StackPane(view);
        tile.setPrefSize(TILE, TILE);
        tile.getStyleClass().add("thumb-tile");
        Tooltip.install(tile, new Tooltip(name));
        thumbnails.load(file, thumb -> {
            if (shown != generation) {
                return; // another dataset is shown by now
            }
            if (thumb == null) {
                tile.getChildren().setAll(brokenMark());
                tile.getStyleClass().add("broken-tile");
            } else {
                view.setImage(new Image(thumb.toUri().toString(), true));
            }
        });
        return tile;
    }

    private static StackPane brokenTile(Finding finding) {
        StackPane tile = new StackPane(brokenMark());
        tile.setPrefSize(TILE, TILE);
        tile.getStyleClass().addAll("thumb-tile", "broken-tile");
        Tooltip.install(tile, new Tooltip(finding.file() + "\n" + finding.message()));
        return tile;
    }

    private static Label brokenMark() {
        Label mark = new Label("\u2715");
        mark.getStyleClass().add("broken-mark");
        mark.setAlignment(Pos.CENTER);
        return mark;
    }

    private static Label name(String text) {
        Label name = new Label(text);
        name.setMinWidth(120);
        name.setMaxWidth(120);
        name.setWrapText(true);
        return name;
    }
}
