package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.UnfreezeException;

/** Picks the device and the engine's thread count. */
public final class Devices {
    private Devices() {}

    /**
     * Resolves the recipe's device choice to a device of the loaded engine.
     *
     * @throws UnfreezeException when a GPU is asked for and the loaded native library has none
     */
    public static Device select(Recipe.Device choice) {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        switch (choice) {
            case CPU:
                return Device.cpu();
            case GPU:
                if (gpus == 0) {
                    throw new UnfreezeException("no GPU is usable: the loaded PyTorch library is the CPU build or no CUDA "
                            + "device is visible. Use device 'auto' or 'cpu', or install the CUDA variant.");
                }
                return Device.gpu();
            default:
                return gpus > 0 ? Device.gpu() : Device.cpu();
        }
    }

    /** Sets the engine's intra-op threads; 0 keeps the engine's default. */
    public static void setThreads(int threads) {
        if (threads > 0) {
            Engine.getEngine("PyTorch");
            JniUtils.setNumThreads(threads);
        }
    }
}
