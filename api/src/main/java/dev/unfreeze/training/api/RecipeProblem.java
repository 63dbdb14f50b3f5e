package dev.unfreeze.training.api;

/**
 * One broken rule of a recipe: where, what kind, and the sentence that says it. A form shows the sentence beside
 * the field at {@code path}; nothing needs to read the sentence to know which field or kind it is.
 *
 * @param path the recipe field in dotted form ({@code data.train}, {@code head.dropout}), or null for the recipe
 *     as a whole (its version, a file that is not JSON)
 * @param kind what is wrong
 * @param sentence the problem in plain words, naming the field
 */
public record RecipeProblem(String path, Kind kind, String sentence) {
    /** What is wrong with the field. */
    public enum Kind {
        /** No value where one is needed (no model, no training data). */
        MISSING,
        /** A value outside what the field takes, or that does not fit the rest of the recipe. */
        INVALID,
        /** A field the recipe format does not have. */
        UNKNOWN_FIELD,
        /** A value of the wrong type, or a file that is not a recipe. */
        UNREADABLE
    }

    /** Whether the problem is about the field at {@code fieldPath}. */
    public boolean isAbout(String fieldPath) {
        return fieldPath.equals(path);
    }
}
