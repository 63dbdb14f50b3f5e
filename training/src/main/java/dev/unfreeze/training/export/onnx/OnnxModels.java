package dev.unfreeze.training.export.onnx;

import com.google.protobuf.ByteString;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.HalfFloats;
import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.catalog.TorchScriptTensors;
import dev.unfreeze.training.export.onnx.proto.OnnxProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.GraphProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.ModelProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.TensorProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.TensorShapeProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.TypeProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.ValueInfoProto;
import dev.unfreeze.training.runtime.AdaptedNetwork;
import dev.unfreeze.training.runtime.SmallCnn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An adapted network as one ONNX model: {@code image} (N x C x H x W, float32 pixels in [0, 1]) in, the
 * normalisation, backbone, head and softmax inside, {@code probabilities} (N x classes) out.
 */
public final class OnnxModels {
    /** The input's name. */
    public static final String INPUT = "image";
    /** The output's name. */
    public static final String OUTPUT = "probabilities";
    /** The lowest operator set the file is written for; a twin written for a newer one raises it. */
    static final long OPSET = 13;
    /** ONNX's file-format version that goes with operator set 13. */
    private static final long IR_VERSION = 7;

    private OnnxModels() {}

    /**
     * Builds the model.
     *
     * @param network the run's network, its weights and statistics restored
     * @param base the backbone's metadata (architecture, normalisation)
     * @param backboneWeights the TorchScript file with the run's backbone tensors; ignored for the small CNN
     * @param twin the backbone's ONNX twin; ignored for the small CNN, whose graph is written here
     * @param imageSize the square input size the run trained at
     * @param metadata key-value pairs for the file's metadata (class names, preprocessing)
     */
    public static ModelProto build(AdaptedNetwork network, ModelMetadata base, Path backboneWeights, Path twin, int imageSize, int classes,
            String name, String producerVersion, Map<String, String> metadata) {
        GraphProto.Builder proto = GraphProto.newBuilder().setName(name);
        OnnxGraph graph = new OnnxGraph(proto);
        int channels = base.channels();
        proto.addInput(value(INPUT, "batch", channels, imageSize, imageSize));
        String x = INPUT;
        if (base.normalized()) {
            float[] mean = floats(base.mean());
            float[] std = floats(base.std());
            graph.initializer("input.mean", mean, 1, channels, 1, 1);
            graph.initializer("input.std", std, 1, channels, 1, 1);
            String centred = graph.fresh("centred");
            graph.node("Sub", List.of(x, "input.mean"), centred);
            x = graph.fresh("normalised");
            graph.node("Div", List.of(centred, "input.std"), x);
        }
        long opset = OPSET;
        String features;
        if (SmallCnn.ARCHITECTURE.equals(base.architecture())) {
            features = SmallCnnGraph.append(graph, network.backbone(), x);
        } else {
            if (twin == null) {
                throw new UnfreezeException(noTwin(base.id()));
            }
            TwinGraph backbone = TwinGraph.read(twin);
            opset = Math.max(opset, backbone.opset());
            features = backbone.append(graph, TorchScriptTensors.read(backboneWeights), x);
        }
        String scores = HeadGraph.append(graph, network.head(), features);
        graph.node("Softmax", List.of(scores), OUTPUT, OnnxGraph.i("axis", 1));
        proto.addOutput(value(OUTPUT, "batch", classes));
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("Unfreeze")
                .setProducerVersion(producerVersion).setGraph(proto)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        metadata.forEach((k, v) -> {
            if (v != null) {
                model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v));
            }
        });
        return model.build();
    }

    /**
     * Checks that an ONNX twin fits a TorchScript backbone: one image input, the standard operators, and an
     * initializer of the same name and shape for each of the backbone's tensors.
     *
     * @throws UnfreezeException saying what does not fit and how to make a twin that does
     */
    public static void checkTwin(Path twin, Path torchScript) {
        TwinGraph.read(twin).append(new OnnxGraph(GraphProto.newBuilder()), TorchScriptTensors.read(torchScript), INPUT);
    }

    /** Why a model without a twin has no ONNX export, and how to give it one. */
    public static String noTwin(String modelId) {
        return "the model '" + modelId + "' has no ONNX twin, so it cannot be exported as ONNX: Unfreeze runs it as"
                + " TorchScript, whose graph it cannot convert without Python. Make the twin once, where the model was made:"
                + " torch.onnx.export(model, torch.rand(1, C, H, W), 'twin.onnx', opset_version=13,"
                + " do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE), then import the model with it:"
                + " ./unfreeze import MODEL.pt --onnx twin.onnx";
    }

    /** Writes the model. */
    public static void write(ModelProto model, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    /**
     * A copy whose convolution and linear weights are stored as float16 ({@link #storedAsHalf}), each cast back to
     * float32 where it is used: half the file, and it runs on every runtime (no float16 kernels needed).
     */
    public static ModelProto half(ModelProto model) {
        GraphProto.Builder graph = model.getGraph().toBuilder().clearInitializer().clearNode();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE && !t.getRawData().isEmpty()
                    && storedAsHalf(t.getDimsList().stream().mapToLong(Long::longValue).toArray())) {
                String stored = t.getName() + ".fp16";
                graph.addInitializer(toHalf(t, stored));
                graph.addNode(OnnxProto.NodeProto.newBuilder().setOpType("Cast")
                        .setName(t.getName() + "_Cast").addInput(stored).addOutput(t.getName())
                        .addAttribute(OnnxGraph.i("to", TensorProto.DataType.FLOAT_VALUE)));
            } else {
                graph.addInitializer(t);
            }
        }
        graph.addAllNode(model.getGraph().getNodeList());
        return model.toBuilder().setGraph(graph).build();
    }

    /**
     * Whether the float16 copy stores a weight as float16: every weight with more than nine inputs per output (a
     * 3 x 3 depthwise kernel has nine). Vectors and depthwise kernels stay float32: 3% of MobileNetV2's values, and
     * rounding them moved its probabilities six times as far (docs/export.md).
     */
    public static boolean storedAsHalf(long[] shape) {
        long inputs = 1;
        for (int i = 1; i < shape.length; i++) {
            inputs *= shape[i];
        }
        return shape.length >= 2 && inputs > 9;
    }

    private static ValueInfoProto value(String name, String batch, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /** A float32 tensor's values as a float16 tensor of the given name. */
    private static TensorProto toHalf(TensorProto floats, String name) {
        ByteBuffer in = floats.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(in.remaining() / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= Float.BYTES) {
            out.putShort(HalfFloats.toHalf(in.getFloat()));
        }
        return floats.toBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT16_VALUE)
                .setRawData(ByteString.copyFrom(out.array())).build();
    }
}
