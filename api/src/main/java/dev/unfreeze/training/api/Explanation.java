package dev.unfreeze.training.api;

import java.nio.file.Path;

/**
 * Where the model looked for its answer on one image.
 *
 * @param className the class explained (the predicted one)
 * @param probability the model's probability for it
 * @param overlay the image with the heat map over it in colour, at the image's size
 * @param heat the heat map alone in grey at the image's size, brighter where it mattered more
 */
public record Explanation(String className, double probability, Path overlay, Path heat) {}
