package dev.unfreeze.ui.shared;

import dev.unfreeze.training.api.Explanation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Where the model looks in a picture: the picture with its heat map over it, a slider from the picture alone
 * (0) to the map at full strength (1), and a choice of the class to look for (the predicted one first).
 */
public final class HeatMapView extends VBox {
    private static final double SIZE = 160;

    private final ImageView picture = new ImageView();
    private final ImageView overlay = new ImageView();
    private final Label caption = new Label();
    private final ComboBox<String> classChoice = new ComboBox<>();
    /** True while {@link #show} sets the choice, so that only a person's pick asks for another map. */
    private boolean showing;
    private Consumer<String> onClassChosen = name -> { };

    public HeatMapView() {
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
        classChoice.getStyleClass().add("heat-class");
        classChoice.setPrefWidth(SIZE);
        classChoice.setTooltip(new Tooltip("Where the model sees evidence for another class"));
        classChoice.valueProperty().addListener((obs, old, name) -> {
            if (!showing && name != null) {
                caption.setText("Finding where it looks for " + name + "...");
                onClassChosen.accept(name);
            }
        });
        Label forClass = new Label("For");
        HBox choice = new HBox(6, forClass, classChoice);
        choice.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(new StackPane(picture, overlay), opacity, choice, caption);
    }

    /** What to do when a person picks another class to explain: find its map and {@link #show} it. */
    public void setOnClassChosen(Consumer<String> action) {
        onClassChosen = action;
    }

    /**
     * Shows the map for an image.
     *
     * @param whose words after "Where it looks", such as whose model it is; empty for none
     */
    public void show(Path image, Explanation explained, String whose) {
        if (image == null || explained == null) {
            picture.setImage(null);
            overlay.setImage(null);
            caption.setText("");
            showing = true;
            classChoice.getItems().clear();
            showing = false;
            return;
        }
        showing = true;
        classChoice.getItems().setAll(explained.classes());
        classChoice.setValue(explained.className());
        showing = false;
        // a format JavaFX cannot decode (WebP) shows the overlay alone, which holds the picture too
        Image original = new Image(image.toUri().toString(), true);
        picture.setImage(original.isError() ? null : original);
        overlay.setImage(new Image(explained.overlay().toUri().toString(), true));
        caption.setText(String.format(Locale.ROOT, "Where it looks for %s (%.1f%%)%s, by %s: %s. Slide to fade"
                + " the map.", explained.className(), 100 * explained.probability(), whose, explained.method().title(),
                explained.method().reading()));
    }
}
