/** Step 3, Layers and schedule: the layer map, the freeze plan, rates, the recipe's settings and the augmentation preview. */
package dev.unfreeze.ui.layers;
