/**
 * What every caller of the engine sees: plain records and interfaces. No DJL type appears here, so
 * the user interface and the command line can depend on this package alone.
 */
package dev.unfreeze.training.api;
