package dev.unfreeze.training.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Parameter values by name, written as safetensors: readable from Python with
 * {@code safetensors.torch.load_file} as well as from DJL.
 */
public final class NamedArrays {
    private NamedArrays() {}

    /** Copies every parameter value (BatchNorm statistics included) of the block, by name. */
    public static NDList snapshot(Block block, NDManager manager) {
        NDList list = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(manager);
            copy.setName(p.getKey());
            list.add(copy);
        }
        return list;
    }

    /** Writes the block's parameters as safetensors. */
    public static void write(Block block, OutputStream out) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            snapshot(block, manager).encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /**
     * Copies values written by {@link #write} into the block's parameters, matched by name.
     *
     * @throws IOException when a parameter is missing or has another shape
     */
    public static void read(Block block, InputStream in) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            restore(block, NDList.decode(manager, in));
        }
    }

    /** Copies the named values into the block's parameters, matched by name. */
    public static void restore(Block block, NDList values) throws IOException {
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray a : values) {
            byName.put(a.getName(), a);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray source = byName.get(p.getKey());
            NDArray target = p.getValue().getArray();
            if (source == null) {
                throw new IOException("the saved weights lack parameter '" + p.getKey() + "'");
            }
            if (!source.getShape().equals(target.getShape())) {
                throw new IOException("parameter '" + p.getKey() + "' has shape " + source.getShape()
                        + " in the saved weights but " + target.getShape() + " in the network");
            }
            boolean grad = target.hasGradient();
            if (grad) {
                // PyTorch refuses in-place writes into a leaf that requires a gradient.
                target.setRequiresGradient(false);
            }
            target.set(source.toType(target.getDataType(), false).toByteBuffer());
            if (grad) {
                target.setRequiresGradient(true);
            }
        }
    }
}
