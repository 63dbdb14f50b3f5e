package dev.unfreeze.ui.shared;

import java.io.File;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.input.TransferMode;

/** A dashed area that takes files dragged from the desktop (or from another node) and hands them on. */
public final class FileDropZone {
    private FileDropZone() {}

    public static Label create(String text, Consumer<List<File>> onDrop) {
        Label zone = new Label(text);
        zone.getStyleClass().add("drop-zone");
        zone.setAlignment(Pos.CENTER);
        zone.setMaxWidth(Double.MAX_VALUE);
        zone.setMinHeight(60);
        zone.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
            }
            e.consume();
        });
        zone.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                onDrop.accept(e.getDragboard().getFiles());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        return zone;
    }
}
