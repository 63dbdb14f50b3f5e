/** Step 5, Results: the confusion matrix, per-class metrics, the validation pictures and trying an image. */
package dev.unfreeze.ui.results;
