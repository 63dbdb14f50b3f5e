package dev.unfreeze.training.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The automatic plan's first model, set aside while the chosen plan's final run trains. That run rewrites the
 * folder's recipe and run.json for its own network (another head, another image size), and saves its best weights
 * only at its end; until then the probe's checkpoint lives in a small run folder of its own, with the recipe and
 * run.json it was trained with, so that a run killed or cancelled in between still predicts and exports its model.
 */
public final class ProvisionalModelAside {
    private static final String FOLDER = "provisional";

    private ProvisionalModelAside() {}

    /**
     * Moves the run's best checkpoint, with the recipe, run.json and held-out answers that describe it, into the
     * folder set aside (written whole, then renamed into place, then the original removed); nothing when the run
     * has no best checkpoint.
     */
    public static void setAside(RunFolder run) throws IOException {
        if (!Files.isRegularFile(run.bestCheckpoint())) {
            return;
        }
        Path staging = run.dir().resolve(FOLDER + ".tmp");
        Folders.deleteTree(staging);
        RunFolder aside = new RunFolder(staging);
        Files.createDirectories(aside.bestCheckpoint().getParent());
        for (Path file : List.of(run.recipeFile(), run.infoFile(), run.predictionsFile(), run.bestCheckpoint())) {
            if (Files.isRegularFile(file)) {
                Files.copy(file, staging.resolve(run.dir().relativize(file)));
            }
        }
        Folders.deleteTree(folder(run));
        Files.move(staging, folder(run), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(run.bestCheckpoint());
    }

    /** The run folder of the model set aside, while the run has no best checkpoint of its own. */
    public static Optional<RunFolder> of(RunFolder run) {
        RunFolder aside = new RunFolder(folder(run));
        return !Files.isRegularFile(run.bestCheckpoint()) && Files.isRegularFile(aside.bestCheckpoint())
                ? Optional.of(aside) : Optional.empty();
    }

    /** Removes the model set aside: the run has saved a best checkpoint of its own. */
    public static void drop(RunFolder run) throws IOException {
        Folders.deleteTree(folder(run));
    }

    private static Path folder(RunFolder run) {
        return run.dir().resolve(FOLDER);
    }
}
