package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.DjlZooFetcher;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.UrlModelFetcher;
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
    public static void check(Recipe recipe, ModelCatalog catalog) {
        exists("dataset", recipe.data().train());
        if (recipe.data().val() != null) {
            exists("validation dataset", recipe.data().val());
        }
        String model = recipe.model();
        // a URL is fetched (once) by the run itself, with progress; everything else resolves at once
        if (!UrlModelFetcher.isUrl(model) && !DjlZooFetcher.isZooUrl(model)) {
            catalog.resolve(model);
        }
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
