package dev.unfreeze.ui;

import dev.unfreeze.training.api.Explanation;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Where the model looks in a picture: the picture with its heat map over it, and a slider from the picture alone
 * (0) to the map at full strength (1).
 */
final class HeatMapView extends VBox {
    private static final double SIZE = 160;

    private final ImageView picture = new ImageView();
    private final ImageView overlay = new ImageView();
    private final Label caption = new Label();

    HeatMapView() {
        super(4);
        for (ImageView view : List.of(picture, overlay)) {
            view.setFitWidth(SIZE);
            view.setFitHeight(SIZE);
            view.setPreserveRatio(true);
            view.setSmooth(true);
        }
        overlay.getStyleClass().add("heat-overlay");
        Slider opacity = new Slider(0, 1, 0.8);
        opacity.getStyleClass().add("heat-opacity");
        opacity.setPrefWidth(SIZE);
        overlay.opacityProperty().bind(opacity.valueProperty());
        caption.setWrapText(true);
        caption.setMaxWidth(SIZE + 40);
        caption.getStyleClass().add("text-muted");
        getChildren().addAll(new StackPane(picture, overlay), opacity, caption);
    }

    /**
     * Shows the map for an image.
     *
     * @param whose words after "Where it looks", such as whose model it is; empty for none
     */
    void show(Path image, Explanation explained, String whose) {
        if (image == null || explained == null) {
            picture.setImage(null);
            overlay.setImage(null);
            caption.setText("");
            return;
        }
        // a format JavaFX cannot decode (WebP) shows the overlay alone, which holds the picture too
        Image original = new Image(image.toUri().toString(), true);
        picture.setImage(original.isError() ? null : original);
        overlay.setImage(new Image(explained.overlay().toUri().toString(), true));
        caption.setText("Where it looks for " + explained.className() + whose + ": the brighter a place, the more"
                + " hiding it lowers the answer. Slide to fade the map.");
    }
}
