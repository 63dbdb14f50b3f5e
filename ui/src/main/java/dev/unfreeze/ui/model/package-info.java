/** Step 2, Model: the catalog, importing a model, the chosen model's details and layer groups. */
package dev.unfreeze.ui.model;
