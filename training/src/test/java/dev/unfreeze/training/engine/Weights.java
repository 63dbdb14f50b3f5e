package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parameter values by name, as raw bytes, for bit-exact comparisons. */
final class Weights {
    private Weights() {}

    /** The weights stored in a checkpoint. */
    static Map<String, byte[]> ofCheckpoint(Path file) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return bytes(NDList.decode(manager, CheckpointStore.read(file).weights()));
        }
    }

    /** The weights of a freshly built adapted model (pretrained backbone, seeded head). */
    static Map<String, byte[]> ofModel(AdaptedModel model) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return bytes(dev.unfreeze.training.runtime.NamedArrays.snapshot(model.network(), manager));
        }
    }

    /** The number of dimensions of each array of a freshly built adapted model, by name. */
    static Map<String, Integer> dimensionsOfModel(AdaptedModel model) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Integer> result = new LinkedHashMap<>();
            for (NDArray a : dev.unfreeze.training.runtime.NamedArrays.snapshot(model.network(), manager)) {
                result.put(a.getName(), a.getShape().dimension());
            }
            return result;
        }
    }

    private static Map<String, byte[]> bytes(NDList list) {
        Map<String, byte[]> result = new LinkedHashMap<>();
        for (NDArray a : list) {
            result.put(a.getName(), a.toType(a.getDataType() == DataType.INT64 ? DataType.INT64 : DataType.FLOAT32, false)
                    .toByteArray());
        }
        return result;
    }

    /** Whether every array whose name starts with the prefix is bit-identical in both. */
    static boolean identical(Map<String, byte[]> a, Map<String, byte[]> b, String prefix) {
        long compared = a.keySet().stream().filter(k -> k.startsWith(prefix)).count();
        if (compared == 0) {
            throw new AssertionError("no parameter starts with " + prefix + " in " + a.keySet());
        }
        return a.keySet().stream().filter(k -> k.startsWith(prefix)).allMatch(k -> Arrays.equals(a.get(k), b.get(k)));
    }

    /** Whether every array with the prefix whose name also contains {@code part} is bit-identical. */
    static boolean identical(Map<String, byte[]> a, Map<String, byte[]> b, String prefix, String part) {
        Map<String, byte[]> filtered = new LinkedHashMap<>();
        a.forEach((k, v) -> {
            if (k.contains(part)) {
                filtered.put(k, v);
            }
        });
        return identical(filtered, b, prefix);
    }
}
