package dev.unfreeze.training.api;

/**
 * One class and its probability for an image.
 *
 * @param className the class
 * @param probability between 0 and 1
 */
public record Prediction(String className, double probability) {}
