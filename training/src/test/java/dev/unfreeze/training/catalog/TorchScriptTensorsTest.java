package dev.unfreeze.training.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.unfreeze.training.api.Workspace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TorchScript file read as PyTorch wrote it gives the values DJL loads, and the BatchNorm buffers DJL hides. */
class TorchScriptTensorsTest {
    @Test
    void theBundledBackboneHasEveryWeightDjlSeesAndItsStatistics(@TempDir Path workspace) {
        ResolvedModel model = new ModelCatalog(new Workspace(workspace)).resolve("mobilenet_v2");
        Map<String, TorchScriptTensors.Tensor> tensors = TorchScriptTensors.read(model.weights());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block backbone = BackboneLoader.load(model, manager, true);
            for (Pair<String, Parameter> p : backbone.getParameters()) {
                TorchScriptTensors.Tensor read = tensors.get(p.getKey());
                assertThat(read).as(p.getKey()).isNotNull();
                assertThat(read.shape()).isEqualTo(p.getValue().getArray().getShape().getShape());
                assertThat(read.values()).isEqualTo(p.getValue().getArray().toFloatArray());
            }
        }
        // 52 BatchNorm layers, each with a running mean and variance, which DJL does not list
        assertThat(tensors.keySet().stream().filter(k -> k.endsWith(".running_mean") || k.endsWith(".running_var")))
                .hasSize(104);
        double total = 0;
        for (float variance : tensors.get("features.0.1.running_var").values()) {
            assertThat(variance).isNotNegative();
            total += variance;
        }
        assertThat(total).isPositive();
    }

    @Test
    void halfPrecisionRoundsToNearestAndKeepsSmallAndSpecialValues() {
        for (float v : new float[] {0f, 1f, -2.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f, 0.1f, 1234.5f}) {
            assertThat(HalfFloats.toFloat(HalfFloats.toHalf(v))).isCloseTo(v, org.assertj.core.data.Percentage.withPercentage(0.1));
        }
        assertThat(HalfFloats.toFloat(HalfFloats.toHalf(1e6f))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloats.toFloat(HalfFloats.toHalf(Float.NaN))).isNaN();
        assertThat(HalfFloats.toHalf(1f + 1f / 2048)).isEqualTo(HalfFloats.toHalf(1f)); // a tie goes to the even value
        assertThat(HalfFloats.toHalf(1f + 3f / 2048)).isEqualTo((short) (HalfFloats.toHalf(1f) + 2));
    }
}
