package dev.unfreeze.training.export.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.protobuf.ByteString;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.AttributeProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.GraphProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.NodeProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/** A graph under construction: nodes in execution order and named float tensors, in ONNX's own classes. */
final class OnnxGraph {
    private final GraphProto.Builder graph;
    private int counter;

    OnnxGraph(GraphProto.Builder graph) {
        this.graph = graph;
    }

    GraphProto.Builder proto() {
        return graph;
    }

    /** A name no other value of the graph has, from a readable stem. */
    String fresh(String stem) {
        return stem + "_" + (counter++);
    }

    /** Appends a node; attributes are given as {@link AttributeProto}s made by {@link #ints}, {@link #f} and {@link #i}. */
    void node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addAllInput(inputs)
                .addOutput(output).addAllAttribute(Arrays.asList(attributes)));
    }

    /** Adds a float32 initializer with the array's values and shape. */
    void initializer(String name, NDArray values) {
        graph.addInitializer(tensor(name, values));
    }

    /** Adds a float32 initializer. */
    void initializer(String name, float[] values, long... dims) {
        graph.addInitializer(floats(name, values, dims));
    }

    /** A float32 tensor with the array's values (little-endian raw data, as ONNX stores it). */
    static TensorProto tensor(String name, NDArray values) {
        float[] data = values.toType(DataType.FLOAT32, false).toFloatArray();
        return floats(name, data, values.getShape().getShape());
    }

    static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    static AttributeProto i(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto f(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }
}
