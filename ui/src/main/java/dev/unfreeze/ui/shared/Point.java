package dev.unfreeze.ui.shared;

/** One point of a curve: x is the optimiser step (or epoch), y the value. */
public record Point(double x, double y) {}
