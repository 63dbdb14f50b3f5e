package dev.unfreeze.ui;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;

/**
 * A picture of an image file at thumbnail size, decoded the way training decodes it (WebP, CMYK,
 * 16-bit, EXIF orientation) by the services' thumbnail cache, in the background. JavaFX's own
 * {@code Image} reads none of those right, so no view loads a dataset's file directly.
 */
final class ThumbnailView extends ImageView {

    /**
     * @param model where thumbnails come from
     * @param file the image file
     * @param size the box the picture is fitted into
     */
    ThumbnailView(WorkbenchViewModel model, Path file, double size) {
        setFitWidth(size);
        setFitHeight(size);
        setPreserveRatio(true);
        getStyleClass().add("thumbnail");
        CompletableFuture.supplyAsync(() -> model.data().thumbnail(file), model.data().pictures()).thenAcceptAsync(thumb -> {
            if (thumb == null) {
                getStyleClass().add("unreadable");
            } else {
                setImage(new Image(thumb.toUri().toString(), true));
            }
        }, model.data().ui());
    }
}
