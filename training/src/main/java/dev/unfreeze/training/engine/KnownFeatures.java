package dev.unfreeze.training.engine;

import dev.unfreeze.training.data.DecodedImages;
import java.util.HashMap;
import java.util.Map;

/**
 * The frozen backbone's features of images already computed by an earlier step of the same run (the plan search's
 * probe), by file, so that fitting a probe on the same images does not run the backbone over them again. Only
 * valid for the same backbone, input size and preprocessing, which a run's steps share.
 */
final class KnownFeatures {
    /** None known: every probe computes its features. */
    static final KnownFeatures NONE = new KnownFeatures(Map.of());

    private final Map<String, float[]> byFile;

    private KnownFeatures(Map<String, float[]> byFile) {
        this.byFile = byFile;
    }

    /** The features of {@code images}, row by row as {@link FeatureCache#rows()} gives them. */
    static KnownFeatures of(DecodedImages images, float[][] rows) {
        Map<String, float[]> byFile = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            byFile.put(key(images, i), rows[i]);
        }
        return new KnownFeatures(byFile);
    }

    /** The rows of {@code images}, in their order, or null when any of them is not known. */
    float[][] rowsOf(DecodedImages images) {
        if (byFile.isEmpty()) {
            return null;
        }
        float[][] rows = new float[images.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = byFile.get(key(images, i));
            if (rows[i] == null) {
                return null;
            }
        }
        return rows;
    }

    private static String key(DecodedImages images, int i) {
        return images.sample(i).file().toAbsolutePath().normalize().toString();
    }
}
