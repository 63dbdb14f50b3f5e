package dev.unfreeze.training.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Exporting a finished run's model, and what the export holds. Every method may block; callers run them off the UI
 * thread.
 */
public interface ExportServices {
    /**
     * Exports a finished run's best model into a new folder.
     *
     * @param half with {@link ExportFormat#ONNX}, also a copy with float16 weights
     */
    Path export(Path runDirectory, Path target, ExportFormat format, boolean half);

    /** The text of an exported model's card ({@code MODEL_CARD.md}). */
    String modelCard(Path exportedModel);

    /** The files an export wrote, as its model card lists them, with their sizes. */
    List<ExportedFile> exportedFiles(Path exportedModel);
}
