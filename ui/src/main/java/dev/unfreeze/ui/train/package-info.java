/** Step 4, Train: starting, pausing and cancelling a run, its live curves, the plan's leaderboard and earlier runs. */
package dev.unfreeze.ui.train;
