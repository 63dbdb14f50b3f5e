/**
 * The workbench window: thin JavaFX views over one view model. It sees the training API only
 * ({@code dev.unfreeze.training.api}); training, inspection and export run in other processes.
 */
package dev.unfreeze.ui;
