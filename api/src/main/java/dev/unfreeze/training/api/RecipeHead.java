package dev.unfreeze.training.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A recipe's new head on top of the backbone's features.
 *
 * @param type a linear layer, or a small MLP
 * @param hidden units of the MLP's hidden layer
 * @param dropout dropout before the last layer
 * @param start where a fine-tune's head starts
 * @param features what the head reads; null (unset) until a run starts, which decides it: the stages of a frozen
 *     backbone whose model offers them, the last group otherwise. A recipe written before this field existed
 *     trained on the last group, which null means when such a run is resumed or exported.
 */
public record RecipeHead(Type type, int hidden, double dropout, Start start,
        @JsonInclude(JsonInclude.Include.NON_NULL) Features features) {
    public RecipeHead {
        start = start == null ? Start.NEW : start;
    }

    /** A head that starts new. */
    public RecipeHead(Type type, int hidden, double dropout) {
        this(type, hidden, dropout, Start.NEW, null);
    }

    /** The same head, of the given kind. */
    public RecipeHead withType(Type newType) {
        return new RecipeHead(newType, hidden, dropout, start, features);
    }

    /** The same head, with the given hidden units. */
    public RecipeHead withHidden(int units) {
        return new RecipeHead(type, units, dropout, start, features);
    }

    /** The same head, with the given dropout. */
    public RecipeHead withDropout(double rate) {
        return new RecipeHead(type, hidden, rate, start, features);
    }

    /** The same head, starting as given. */
    public RecipeHead withStart(Start newStart) {
        return new RecipeHead(type, hidden, dropout, newStart, features);
    }

    /** The same head, reading the given features. */
    public RecipeHead withFeatures(Features read) {
        return new RecipeHead(type, hidden, dropout, start, read);
    }

    /** What the head reads, unset read as the last group (what every run did before the field existed). */
    public Features reads() {
        return features == null ? Features.LAST_GROUP : features;
    }

    /**
     * What the head reads: the pooled output of the backbone's last group, or of the last group of every stage
     * joined (only a frozen backbone, and only a model that offers them: the bundled MobileNetV2 does).
     */
    public enum Features implements Choice {
        LAST_GROUP, STAGES
    }

    /**
     * Where a fine-tune's head starts: new (randomly initialised), or from a linear probe fitted on the frozen
     * backbone's features before the first step (LP-FT, Kumar et al. 2022), so that the backbone's first steps
     * follow a head that already knows the classes. Only a linear head can start from the probe.
     */
    public enum Start implements Choice {
        NEW, PROBE
    }

    /** The kind of head. */
    public enum Type implements Choice {
        LINEAR, MLP
    }
}
