package dev.unfreeze.ui.shared;

/**
 * Whose answers the Results step shows. A run with a validation part shows its best epoch's; a run that trained on
 * every labelled image has none, and shows the dataset's own test part when it has one, else the automatic plan's
 * answers on its folds' held-out images.
 */
public enum ResultsSource {
    /** The best epoch's answers on the run's validation images. */
    VALIDATION,
    /** The final model's answers on the dataset's test images, which took part in neither training nor choosing. */
    TEST,
    /** The automatic plan's answers on its folds' held-out images, each from a model that did not train on it. */
    FOLDS
}
