/**
 * Run storage: a run folder's files (recipe, run info, the event log, the plan, predictions), their
 * JSON, summaries for listing runs, and the publisher that replays a run's events. No DJL: the
 * window's process and the command line read and follow runs without loading the native engine.
 */
package dev.unfreeze.training.runs;
