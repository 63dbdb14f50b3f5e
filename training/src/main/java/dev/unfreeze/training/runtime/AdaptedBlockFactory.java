package dev.unfreeze.training.runtime;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.ArgumentsUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds an exported adapted model for plain DJL: the backbone ({@code backbone.pt} TorchScript,
 * or the small CNN's {@code backbone.safetensors}), then the head from {@code head.safetensors}, behind the
 * input step that resizes and normalises as training did ({@link ExactInput}).
 * DJL finds this class through {@code blockFactory} in the folder's {@code serving.properties}.
 */
public final class AdaptedBlockFactory implements BlockFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Path folder = Files.isRegularFile(modelPath) ? modelPath.getParent() : modelPath;
        String architecture = ArgumentsUtil.stringValue(arguments, "backboneArchitecture", "torchscript");
        int featureDimension = ArgumentsUtil.intValue(arguments, "featureDimension");
        int width = ArgumentsUtil.intValue(arguments, "width", 224);
        int height = ArgumentsUtil.intValue(arguments, "height", 224);
        int channels = ArgumentsUtil.intValue(arguments, "channels", 3);
        List<String> classes = Files.readAllLines(folder.resolve(
                ArgumentsUtil.stringValue(arguments, "synsetFileName", "synset.txt")));
        classes.removeIf(String::isBlank);

        Block backbone;
        if (SmallCnn.ARCHITECTURE.equals(architecture)) {
            backbone = SmallCnn.create();
        } else {
            backbone = JniUtils.loadModule((PtNDManager) model.getNDManager(),
                    folder.resolve("backbone.pt"), true, new String[0], new String[0], false);
            // Loaded for inference: its tensors may never require gradients, so freeze before initialising.
            backbone.freezeParameters(true);
        }
        Block head = HeadBlocks.create(
                ArgumentsUtil.stringValue(arguments, "headType", "linear"),
                classes.size(),
                ArgumentsUtil.intValue(arguments, "headHidden", 256),
                ArgumentsUtil.floatValue(arguments, "headDropout", 0f));
        // a head on the frozen backbone's stages reads its stage method (a folder without the key, its forward pass)
        AdaptedNetwork network = new AdaptedNetwork(backbone, head, featureDimension,
                ArgumentsUtil.stringValue(arguments, "featureMethod"));
        // a folder written before the input step moved into the network has no inputMean: its translator normalises
        ExactInput input = new ExactInput(network, width, height, floats(arguments, "inputMean"), floats(arguments, "inputStd"));
        input.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, channels, height, width));
        if (SmallCnn.ARCHITECTURE.equals(architecture)) {
            try (InputStream in = Files.newInputStream(folder.resolve("backbone.safetensors"))) {
                NamedArrays.read(backbone, in);
            }
        }
        try (InputStream in = Files.newInputStream(folder.resolve("head.safetensors"))) {
            NamedArrays.read(head, in);
        }
        input.freezeParameters(true);
        return input;
    }

    /** A comma-separated list of numbers from {@code serving.properties}, or null when it is not there. */
    private static float[] floats(Map<String, ?> arguments, String key) {
        String value = ArgumentsUtil.stringValue(arguments, key);
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split("\\s*,\\s*");
        float[] result = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            result[i] = Float.parseFloat(parts[i]);
        }
        return result;
    }
}
