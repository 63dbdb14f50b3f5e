package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.Choice;
import dev.unfreeze.training.api.InvalidRecipeException;
import java.util.List;

/** Command-line words for a recipe's fixed choices ({@code --batch-norm frozen-stats}). */
final class ChoiceFlags {
    private ChoiceFlags() {}

    /**
     * The value a flag's word names.
     *
     * @throws InvalidRecipeException in one sentence naming the flag and the words it takes
     */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String word, String flag) {
        if (!Choice.isWord(type, word)) {
            throw InvalidRecipeException.of(Choice.problem(type, word, flag));
        }
        return Choice.parse(type, word, flag);
    }
}
