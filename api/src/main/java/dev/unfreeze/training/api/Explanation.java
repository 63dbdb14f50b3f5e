package dev.unfreeze.training.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the model looked for one class on one image.
 *
 * @param className the class explained (the predicted one unless one was asked for)
 * @param probability the model's probability for it
 * @param method how the map was found
 * @param classes every class the model knows, in its order, for asking about another
 * @param overlay the image with the heat map over it in colour, at the image's size
 * @param heat the heat map alone in grey at the image's size, brighter where it mattered more
 */
public record Explanation(String className, double probability, ExplanationMethod method, List<String> classes,
        Path overlay, Path heat) {
    public Explanation {
        classes = List.copyOf(classes);
    }
}
