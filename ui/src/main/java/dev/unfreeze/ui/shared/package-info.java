/** What the steps share: the run being watched, charts, background tasks, feedback, pictures, the theme. */
package dev.unfreeze.ui.shared;
