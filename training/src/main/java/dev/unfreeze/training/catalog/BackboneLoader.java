package dev.unfreeze.training.catalog;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.runtime.NamedArrays;
import dev.unfreeze.training.runtime.SmallCnn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model's backbone into a DJL block, with readable errors for damaged files. */
public final class BackboneLoader {
    private BackboneLoader() {}

    /**
     * Loads the backbone with its pretrained weights (or none, for a from-scratch baseline of the
     * small CNN). TorchScript parameters arrive frozen; the engine thaws what the schedule says.
     */
    public static Block load(ResolvedModel model, NDManager manager, boolean pretrainedWeights) {
        return load(model.metadata(), model.weights(), manager, pretrainedWeights);
    }

    static Block load(ModelMetadata meta, Path weights, NDManager manager, boolean pretrainedWeights) {
        NativeStderr.quietEngine(); // every model, bundled, imported or the small CNN, is loaded here first
        if (!Files.isRegularFile(weights)) {
            throw new UnfreezeException("the model file " + weights + " does not exist");
        }
        if (SmallCnn.ARCHITECTURE.equals(meta.architecture())) {
            Block block = SmallCnn.create();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, meta.channels(), meta.inputSize(), meta.inputSize()));
            if (pretrainedWeights) {
                try (InputStream in = Files.newInputStream(weights)) {
                    NamedArrays.read(block, in);
                } catch (IOException | RuntimeException e) {
                    throw new UnfreezeException("the model file " + weights + " is damaged or not a small-CNN weights file: "
                            + e.getMessage(), e);
                }
            }
            return block;
        }
        try {
            Block block = JniUtils.loadModule((PtNDManager) manager, weights, true, new String[0], new String[0], true);
            block.freezeParameters(true);
            return block;
        } catch (EngineException | IllegalArgumentException e) {
            throw new UnfreezeException("the model file " + weights + " is not a TorchScript archive or is damaged ("
                    + firstLine(e.getMessage()) + "). Export it with torch.jit.script(model).save(path).", e);
        }
    }

    /** Runs one forward pass on zeros and returns the pooled feature size. */
    public static int probeFeatureDimension(Block backbone, NDManager manager, int channels, int size) {
        try (NDManager scope = manager.newSubManager()) {
            NDList out = backbone.forward(new ParameterStore(scope, false),
                    new NDList(scope.zeros(new Shape(1, channels, size, size))), false);
            Shape shape = out.head().getShape();
            if (shape.dimension() == 2 || shape.dimension() == 4) {
                return (int) shape.get(1);
            }
            throw new UnfreezeException("the model's forward returns shape " + shape
                    + "; Unfreeze needs features shaped N x D or N x C x H x W");
        } catch (EngineException e) {
            throw new UnfreezeException("the model does not accept " + channels + " x " + size + " x " + size
                    + " images (" + firstLine(e.getMessage()) + "); give its input size in " + ModelMetadata.FILE_NAME, e);
        }
    }

    /** The number of trainable values, BatchNorm statistics excluded. */
    public static long trainableParameterCount(Block backbone) {
        long total = 0;
        for (Parameter p : backbone.getParameters().values()) {
            if (isTrainable(p)) {
                total += p.getArray().getShape().size();
            }
        }
        return total;
    }

    /** Whether a parameter is a weight that can learn (not a running statistic or a counter). */
    public static boolean isTrainable(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR
                && !p.getName().endsWith("num_batches_tracked");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
