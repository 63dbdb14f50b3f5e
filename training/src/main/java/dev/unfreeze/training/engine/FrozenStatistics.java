package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.unfreeze.training.catalog.BackboneLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The BatchNorm statistics of the frozen groups, kept aside while statistics adapt and put back
 * before anything reads them. A TorchScript backbone runs in one mode as a whole, so while some
 * groups train with their statistics adapting (fine-tuning with statistics frozen diverged here),
 * the frozen groups' running means and variances drift too; restoring them keeps frozen groups
 * bit-identical, as PyTorch users get with {@code requires_grad=False} and their buffers restored.
 */
final class FrozenStatistics {
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();

    /** Copies the statistics of every group that is not trainable now. */
    static FrozenStatistics of(List<GroupParameters> groups, boolean[] trainable) {
        FrozenStatistics kept = new FrozenStatistics();
        for (int g = 0; g < groups.size(); g++) {
            if (trainable[g]) {
                continue;
            }
            for (Parameter p : groups.get(g).parameters()) {
                if (!BackboneLoader.isTrainable(p) && p.isInitialized()) {
                    ByteBuffer bytes = p.getArray().toByteBuffer();
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    kept.parameters.add(p);
                    kept.values.add(copy);
                }
            }
        }
        return kept;
    }

    /** Puts the copies back. */
    void restore() {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray array = parameters.get(i).getArray();
            array.set(ByteBuffer.wrap(values.get(i)).order(ByteOrder.nativeOrder()));
        }
    }
}
