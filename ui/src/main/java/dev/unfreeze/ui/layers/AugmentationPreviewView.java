package dev.unfreeze.ui.layers;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The dataset's own images as training feeds them to the network, next to the augmentation settings. */
final class AugmentationPreviewView extends VBox {
    private static final double SIZE = 112;

    AugmentationPreviewView(AugmentationPreviewModel model) {
        super(6);
        setId("augmentation-preview");
        Label title = new Label("What the network sees in training");
        title.getStyleClass().add("section-title");
        Button again = new Button("Draw again");
        again.setId("augmentation-draw-again");
        again.setOnAction(e -> model.drawAgain());
        ProgressIndicator drawing = new ProgressIndicator();
        drawing.setPrefSize(18, 18);
        drawing.visibleProperty().bind(model.drawingProperty());
        HBox header = new HBox(12, title, again, drawing);
        header.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("A few of your images, each with one random draw of the augmentation above, at the size the "
                + "network trains at: if a class can no longer be told from them, the augmentation is too strong.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        FlowPane row = new FlowPane(8, 8);
        Runnable redraw = () -> {
            row.getChildren().clear();
            if (model.pictures().isEmpty()) {
                row.getChildren().add(new Label("Open a dataset and pick a model to see its images here."));
            }
            for (AugmentationPreviewModel.Picture p : model.pictures()) {
                row.getChildren().add(tile(p));
            }
        };
        model.pictures().addListener((ListChangeListener<AugmentationPreviewModel.Picture>) c -> redraw.run());
        redraw.run();
        getChildren().addAll(header, hint, row);
    }

    private static Node tile(AugmentationPreviewModel.Picture p) {
        String name = p.source().getFileName().toString();
        String label = p.source().getParent() == null ? name : p.source().getParent().getFileName().toString();
        VBox tile = new VBox(2);
        tile.setAlignment(Pos.TOP_CENTER);
        if (p.augmented() == null) {
            Label unreadable = new Label("cannot be read");
            unreadable.setPrefSize(SIZE, SIZE);
            tile.getChildren().add(unreadable);
        } else {
            // read now, not in the background: the helper's folder is emptied by the next draw
            ImageView view = new ImageView(new Image(p.augmented().toUri().toString(), SIZE, SIZE, true, false, false));
            view.setSmooth(false);
            tile.getChildren().add(view);
        }
        Label caption = new Label(label);
        caption.getStyleClass().add("hint");
        caption.setMaxWidth(SIZE);
        tile.getChildren().add(caption);
        Tooltip.install(tile, new Tooltip(p.source().toString()));
        return tile;
    }
}
