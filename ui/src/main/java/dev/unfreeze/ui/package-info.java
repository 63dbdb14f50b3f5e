/**
 * The workbench window: thin JavaFX views over view models, one package per step ({@code data}, {@code model},
 * {@code layers}, {@code train}, {@code results}, {@code export}) and one for what they share ({@code shared}).
 * This package assembles them. The window sees the training API only ({@code dev.unfreeze.training.api});
 * training, inspection and export run in other processes.
 */
package dev.unfreeze.ui;
