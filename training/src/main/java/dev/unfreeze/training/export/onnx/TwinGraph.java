package dev.unfreeze.training.export.onnx;

import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.TorchScriptTensors;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.GraphProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.ModelProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.NodeProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.unfreeze.training.export.onnx.proto.OnnxProto.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TorchScript backbone's graph from its ONNX twin, with a run's tensors (fine-tuned weights, BatchNorm statistics)
 * put into the initializers that carry the same names.
 */
final class TwinGraph {
    private final ModelProto twin;
    private final Path file;

    private TwinGraph(ModelProto twin, Path file) {
        this.twin = twin;
        this.file = file;
    }

    /** Reads a twin and checks that it is one graph on one input, in ONNX's standard operator set. */
    static TwinGraph read(Path file) {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new UnfreezeException("cannot read the ONNX twin " + file + ": " + e.getMessage(), e);
        }
        GraphProto graph = model.getGraph();
        if (graph.getOutputCount() != 1 || graph.getNodeCount() == 0) {
            throw new UnfreezeException("the ONNX twin " + file + " is not a backbone graph with one output (it has "
                    + graph.getOutputCount() + " outputs and " + graph.getNodeCount() + " nodes)");
        }
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (!opset.getDomain().isEmpty() && !opset.getDomain().equals("ai.onnx")) {
                throw new UnfreezeException("the ONNX twin " + file + " uses operators of the domain '" + opset.getDomain()
                        + "', which other runtimes may lack; export it with ONNX's standard operators only");
            }
        }
        return new TwinGraph(model, file);
    }

    /** The operator set version the twin's nodes are written for. */
    long opset() {
        return twin.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OperatorSetIdProto::getVersion).max().orElse(0);
    }

    /**
     * Appends the twin's nodes on {@code input}, each initializer of a backbone tensor's name holding that tensor.
     *
     * @return the name of the backbone's feature output
     */
    String append(OnnxGraph graph, Map<String, TorchScriptTensors.Tensor> tensors, String input) {
        GraphProto source = twin.getGraph();
        Set<String> initializers = new HashSet<>();
        source.getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<String> unnamed = tensors.keySet().stream().filter(n -> !initializers.contains(n)).sorted().toList();
        if (!unnamed.isEmpty()) {
            // a twin exported with constant folding has BatchNorm folded into new, unnamed weights: the run's
            // values would never reach the file
            throw new UnfreezeException("the ONNX twin " + file + " has no tensor named '" + unnamed.get(0) + "' (nor "
                    + (unnamed.size() - 1) + " more of the model's), so a run's weights cannot be put into it. Export the"
                    + " twin with do_constant_folding=False and training=torch.onnx.TrainingMode.PRESERVE, which keep"
                    + " the model's tensor names");
        }
        String twinInput = source.getInputList().stream().map(v -> v.getName()).filter(n -> !initializers.contains(n))
                .findFirst().orElse(null);
        if (twinInput == null) {
            throw new UnfreezeException("the ONNX twin " + file + " has no image input");
        }
        for (TensorProto t : source.getInitializerList()) {
            TorchScriptTensors.Tensor run = tensors.get(t.getName());
            if (run != null) {
                if (!Arrays.equals(run.shape(), t.getDimsList().stream().mapToLong(Long::longValue).toArray())) {
                    throw new UnfreezeException("the ONNX twin " + file + " gives '" + t.getName() + "' the shape "
                            + t.getDimsList() + " but the backbone's is " + Arrays.toString(run.shape()));
                }
                graph.proto().addInitializer(OnnxGraph.floats(t.getName(), run.values(), run.shape()));
            } else if (hasValues(t)) {
                graph.proto().addInitializer(t);
            } else {
                throw new UnfreezeException("the ONNX twin " + file + " leaves '" + t.getName()
                        + "' for the backbone to fill, but the backbone has no tensor of that name");
            }
        }
        for (NodeProto node : source.getNodeList()) {
            NodeProto.Builder copy = node.toBuilder();
            for (int k = 0; k < copy.getInputCount(); k++) {
                if (copy.getInput(k).equals(twinInput)) {
                    copy.setInput(k, input);
                }
            }
            graph.proto().addNode(copy);
        }
        return source.getOutput(0).getName();
    }

    private static boolean hasValues(TensorProto t) {
        return !t.getRawData().isEmpty() || t.getFloatDataCount() > 0 || t.getInt64DataCount() > 0
                || t.getInt32DataCount() > 0 || t.getDoubleDataCount() > 0 || t.getDimsList().contains(0L);
    }
}
