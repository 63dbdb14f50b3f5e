package dev.unfreeze.training.api;

import java.util.List;

/** A recipe that cannot run, with each problem as a {@link RecipeProblem}: its field, its kind, one plain sentence. */
public final class InvalidRecipeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<RecipeProblem> problems;

    public InvalidRecipeException(List<RecipeProblem> problems) {
        super("invalid recipe:\n  - " + String.join("\n  - ", problems.stream().map(RecipeProblem::sentence).toList()));
        this.problems = List.copyOf(problems);
    }

    /** A recipe refused for one reason about the whole of it, or about a command-line flag. */
    public static InvalidRecipeException of(String sentence) {
        return new InvalidRecipeException(List.of(new RecipeProblem(null, RecipeProblem.Kind.INVALID, sentence)));
    }

    /** Every problem found. */
    public List<RecipeProblem> problems() {
        return problems;
    }

    /** Every problem's sentence. */
    public List<String> sentences() {
        return problems.stream().map(RecipeProblem::sentence).toList();
    }
}
