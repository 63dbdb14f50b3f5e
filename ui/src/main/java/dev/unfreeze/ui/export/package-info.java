/** Step 6, Export: the format, the folder and the model card. */
package dev.unfreeze.ui.export;
