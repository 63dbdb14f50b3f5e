package dev.unfreeze.ui.shared;

import java.nio.file.Path;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;

/**
 * A picture of an image file at thumbnail size, decoded the way training decodes it (WebP, CMYK,
 * 16-bit, EXIF orientation) by the services' thumbnail cache, in the background. JavaFX's own
 * {@code Image} reads none of those right, so no view loads a dataset's file directly.
 */
public final class ThumbnailView extends ImageView {

    /**
     * @param thumbnails where thumbnails come from
     * @param file the image file
     * @param size the box the picture is fitted into
     */
    public ThumbnailView(Thumbnails thumbnails, Path file, double size) {
        setFitWidth(size);
        setFitHeight(size);
        setPreserveRatio(true);
        getStyleClass().add("thumbnail");
        thumbnails.load(file, thumb -> {
            if (thumb == null) {
                getStyleClass().add("unreadable");
            } else {
                setImage(new Image(thumb.toUri().toString(), true));
            }
        });
    }
}
