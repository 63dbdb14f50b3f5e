package dev.unfreeze.training.api;

import java.util.List;

/** A recipe that cannot run, with one plain sentence per problem. */
public final class InvalidRecipeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidRecipeException(List<String> problems) {
        super("invalid recipe:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found. */
    public List<String> problems() {
        return problems;
    }
}
