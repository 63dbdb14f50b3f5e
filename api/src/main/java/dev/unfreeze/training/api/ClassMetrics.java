package dev.unfreeze.training.api;

/** Precision, recall and F1 of one class on the validation images. */
public record ClassMetrics(String name, double precision, double recall, double f1, int support) {}
