package dev.unfreeze.training.api;

/**
 * What the workbench needs besides training, by concern, behind interfaces so that the window's process never
 * loads the native engine: the application implements each call in a helper process or with plain file access.
 * Each step of the window is given the concerns it uses.
 */
public record WorkbenchServices(ModelServices catalog, DatasetServices datasets, RunServices runs,
        ExportServices exports, EngineServices engine) {
}
