package dev.unfreeze.training.api;

/**
 * The native engine: its first unpacking and which build it is. Every method may block; callers run them off the
 * UI thread.
 */
public interface EngineServices {
    /** Whether the native engine still has to be unpacked (the very first start, about 15 seconds). */
    boolean engineNeedsUnpacking();

    /** How much of the engine's first unpacking is done (0 to 1), or -1 when it cannot be told. */
    double engineUnpackProgress();

    /** Which engine build training uses, such as "PyTorch 2.7.1, CPU build, no GPU". */
    String engineSummary();
}
