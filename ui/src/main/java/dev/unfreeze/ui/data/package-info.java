/** Step 1, Data: reading a dropped dataset, its report, its classes' pictures. */
package dev.unfreeze.ui.data;
