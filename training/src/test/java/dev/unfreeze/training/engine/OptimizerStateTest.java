package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimiser's state survives a round trip through bytes, into memory of its own. */
class OptimizerStateTest {

    @Test
    void restoredStateEqualsTheSavedOneAndOutlivesTheBytesItWasReadFrom() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block network = Linear.builder().setUnits(64).build();
            network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 256));
            for (Optimizer.OptimizerBuilder<?> kind : List.<Optimizer.OptimizerBuilder<?>>of(
                    Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f),
                    Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)))) {
                Optimizer trained = build(kind);
                for (int step = 0; step < 3; step++) {
                    for (Pair<String, Parameter> p : network.getParameters()) {
                        trained.update(p.getValue().getId(), p.getValue().getArray(),
                                manager.randomNormal(p.getValue().getArray().getShape()));
                    }
                }
                byte[] saved = OptimizerState.encode(trained, network);
                Optimizer resumed = build(kind);
                OptimizerState.restore(resumed, network, saved, Device.cpu());
                churn(); // the decoded bytes' memory goes back and is written over
                assertThat(saved).isNotEmpty();
                assertThat(OptimizerState.encode(resumed, network)).as(kind.getClass().getName()).isEqualTo(saved);
                Optimizers.release(trained);
                Optimizers.release(resumed);
            }
        }
    }

    private static Optimizer build(Optimizer.OptimizerBuilder<?> kind) {
        return kind instanceof ai.djl.training.optimizer.Sgd.Builder sgd ? sgd.build()
                : ((ai.djl.training.optimizer.Adam.Builder) kind).build();
    }

    /** Frees unreachable direct buffers and allocates new ones over their memory. */
    private static void churn() {
        List<ByteBuffer> filler = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(1 << 16);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7f);
                }
                filler.add(b);
            }
        }
        assertThat(filler).hasSize(320);
    }
}
