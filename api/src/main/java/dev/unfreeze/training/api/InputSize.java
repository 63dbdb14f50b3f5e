package dev.unfreeze.training.api;

import java.util.Locale;

/**
 * The input size a run trains at when its recipe leaves it open ({@code data.imageSize} 0). A network whose weights
 * train on small images (under {@link #SMALL_IMAGES} px on their median side) trains at {@link #SMALL_IMAGE_INPUT} px
 * instead of the model's own size, as BiT's rule for small images (Kolesnikov et al. 2020): enlarging a 28-pixel
 * image to 224 adds no detail, only work. A frozen backbone keeps the size its features were learnt at (the linear
 * probe lost at smaller inputs). The engine and the window's augmentation preview ask here;
 * the measurements are in docs/quality-benchmark.md.
 */
public final class InputSize {
    /** Images whose median side is under this many pixels count as small. */
    public static final int SMALL_IMAGES = 96;
    /** The input size for training on small images. */
    public static final int SMALL_IMAGE_INPUT = 160;

    private InputSize() {}

    /**
     * The size to build the run's model at.
     *
     * @param modelSize the model's own input size
     * @param images the dataset's image statistics (null when unknown)
     * @return the recipe's size when it gives one, else this rule's, else 0 (the model's own)
     */
    public static int of(Recipe recipe, int modelSize, DatasetReport.ImageStatistics images) {
        if (recipe.data().imageSize() > 0) {
            return recipe.data().imageSize();
        }
        if (images == null || images.readable() == 0 || !trainsBackbone(recipe)) {
            return 0;
        }
        int side = Math.max(images.medianWidth(), images.medianHeight());
        return side < SMALL_IMAGES && modelSize > SMALL_IMAGE_INPUT ? SMALL_IMAGE_INPUT : 0;
    }

    /** The recipe with the size this rule gives it written in (unchanged when it keeps the model's own). */
    public static Recipe resolve(Recipe recipe, int modelSize, DatasetReport.ImageStatistics images) {
        int size = of(recipe, modelSize, images);
        Recipe.Data d = recipe.data();
        return size == d.imageSize() ? recipe
                : recipe.withData(new Recipe.Data(d.train(), d.val(), d.valFraction(), size, d.fingerprint()));
    }

    /** What the user is told when the rule chose a size other than the model's own (null when it did not). */
    public static String notice(Recipe asked, int modelSize, DatasetReport.ImageStatistics images) {
        int size = of(asked, modelSize, images);
        if (asked.data().imageSize() > 0 || size == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "The images are small (%d x %d px on the median): a network whose weights train"
                + " on them trains at %d x %d px instead of the model's %d, which would add no detail and take about"
                + " twice the time; a linear probe keeps %d (--image-size or the recipe's image size sets another).",
                images.medianWidth(), images.medianHeight(), size, size, modelSize, modelSize);
    }

    /** Whether any of the backbone's weights train: everything but a frozen backbone's feature extraction. */
    public static boolean trainsBackbone(Recipe recipe) {
        if (recipe.fromScratch()) {
            return true;
        }
        Schedule schedule = recipe.schedule();
        if (schedule instanceof Schedule.FeatureExtraction) {
            return false;
        }
        if (schedule instanceof Schedule.Custom) {
            return recipe.thawEpochs() != null && recipe.thawEpochs().stream().anyMatch(e -> e >= 0 && e != UnfreezeSchedule.NEVER);
        }
        return true;
    }
}
