package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.ModelListing;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What can be checked before a run folder exists: that the recipe's data and model are there. A run
 * that cannot start then leaves nothing behind to list, resume or clean up.
 */
public final class RunPreflight {
    private RunPreflight() {}

    /**
     * @throws UnfreezeException saying what is missing
     */
    public static void check(Recipe recipe, ModelListing models) {
        exists("dataset", recipe.data().train());
        if (recipe.data().val() != null) {
            exists("validation dataset", recipe.data().val());
        }
        // that the model is there, without loading it: this runs in the window's process too, which never loads the
        // engine; a file that is not a network is the run's to report
        models.checkExists(recipe.model());
    }

    private static void exists(String what, String location) {
        if (location == null || location.isBlank()) {
            throw new UnfreezeException("the recipe names no " + what);
        }
        if (!Files.exists(Path.of(location))) {
            throw new UnfreezeException("the " + what + " " + location + " does not exist");
        }
    }
}
