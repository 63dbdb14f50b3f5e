package dev.unfreeze.training.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A recipe choice with a fixed set of values, each written in recipe files and on the command line
 * as a word ({@code frozen-stats}, {@code one-cycle}); the enums of {@link Recipe} implement it.
 */
public interface Choice {
    /**
     * The word the recipe format uses for this value, and its JSON form: by default the constant's name in lower
     * case with hyphens ({@code FROZEN_STATS} is {@code frozen-stats}).
     */
    @JsonValue
    default String word() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The value a word names.
     *
     * @throws IllegalArgumentException naming the word and the ones that exist, in one sentence
     */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String word, String field) {
        for (E value : type.getEnumConstants()) {
            if (value.word().equals(word)) {
                return value;
            }
        }
        throw new IllegalArgumentException(problem(type, word, field));
    }

    /** The sentence for a word that names none of the values. */
    static String problem(Class<? extends Enum<?>> type, Object word, String field) {
        return "'" + field + "' is '" + word + "'; use one of " + String.join(", ", words(type));
    }

    /** The words of every value, sorted. */
    static List<String> words(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(v -> ((Choice) v).word()).sorted().toList();
    }

    /** Whether a word names one of the values. */
    static boolean isWord(Class<? extends Enum<?>> type, String word) {
        return words(type).contains(word);
    }
}
