package dev.unfreeze.training.catalog;

import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

/**
 * Every floating-point tensor of a TorchScript file by its dotted name ({@code features.0.1.running_mean}),
 * BatchNorm statistics included. DJL hands out a TorchScript module's parameters but not its buffers, and an
 * ONNX export needs the statistics a fine-tune left; so the file is read as PyTorch writes it: a zip whose
 * {@code data.pkl} pickles the module tree, each tensor pointing at a storage in {@code data/}.
 */
public final class TorchScriptTensors {
    /** One tensor: its shape and its values in row-major order. */
    public record Tensor(long[] shape, float[] values) {}

    /** The element types of PyTorch's storages that a weight can have. */
    private enum StorageType implements IObjectConstructor {
        FLOAT(4), DOUBLE(8), HALF(2), OTHER(0);

        final int bytes;

        StorageType(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public Object construct(Object[] args) {
            return this;
        }
    }

    private record Storage(StorageType type, String key) {}

    private record Rebuilt(Storage storage, int offset, long[] shape, long[] stride) {}

    static {
        Unpickler.registerConstructor("torch", "FloatStorage", StorageType.FLOAT);
        Unpickler.registerConstructor("torch", "DoubleStorage", StorageType.DOUBLE);
        Unpickler.registerConstructor("torch", "HalfStorage", StorageType.HALF);
        for (String other : List.of("LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage",
                "BoolStorage", "BFloat16Storage")) {
            Unpickler.registerConstructor("torch", other, StorageType.OTHER);
        }
        // TorchScript wraps typed lists and tagged values in these; the value itself is their first argument
        for (String wrapper : List.of("build_intlist", "build_doublelist", "build_boollist", "build_tensorlist",
                "restore_type_tag")) {
            Unpickler.registerConstructor("torch.jit._pickle", wrapper, args -> args[0]);
        }
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", args -> new Rebuilt((Storage) args[0],
                ((Number) args[1]).intValue(), longs(args[2]), longs(args[3])));
    }

    private TorchScriptTensors() {}

    /** Reads the file's floating-point tensors. */
    public static Map<String, Tensor> read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pickle = zip.stream().filter(e -> e.getName().endsWith("/data.pkl") && e.getName().indexOf('/') == e.getName().lastIndexOf('/'))
                    .findFirst().orElseThrow(() -> new IOException("it has no data.pkl"));
            String root = pickle.getName().substring(0, pickle.getName().indexOf('/') + 1);
            Object module;
            try (InputStream in = zip.getInputStream(pickle)) {
                module = new Unpickler() {
                    @Override
                    protected Object persistentLoad(Object pid) {
                        Object[] id = (Object[]) pid;
                        return new Storage(id[1] instanceof StorageType t ? t : StorageType.OTHER, String.valueOf(id[2]));
                    }
                }.load(in);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, ByteBuffer> storages = new HashMap<>();
            collect("", module, zip, root, storages, tensors);
            return tensors;
        } catch (IOException | RuntimeException e) {
            throw new UnfreezeException("cannot read the tensors of the TorchScript file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void collect(String prefix, Object value, ZipFile zip, String root, Map<String, ByteBuffer> storages,
            Map<String, Tensor> out) throws IOException {
        if (value instanceof ClassDict object) {
            for (Map.Entry<String, Object> field : object.entrySet()) {
                if (!field.getKey().equals("__class__")) {
                    collect(prefix + field.getKey() + ".", field.getValue(), zip, root, storages, out);
                }
            }
        } else if (value instanceof Rebuilt tensor && tensor.storage().type() != StorageType.OTHER) {
            ByteBuffer bytes = storages.get(tensor.storage().key());
            if (bytes == null) {
                ZipEntry entry = zip.getEntry(root + "data/" + tensor.storage().key());
                if (entry == null) {
                    throw new IOException("its storage data/" + tensor.storage().key() + " is missing");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
                }
                storages.put(tensor.storage().key(), bytes);
            }
            out.put(prefix.substring(0, prefix.length() - 1), values(tensor, bytes));
        }
    }

    /** The tensor's elements in row-major order, whatever its strides (a channels-last weight too). */
    private static Tensor values(Rebuilt tensor, ByteBuffer bytes) {
        long[] shape = tensor.shape();
        int count = 1;
        for (long d : shape) {
            count *= (int) d;
        }
        float[] values = new float[count];
        int[] index = new int[shape.length];
        for (int i = 0; i < count; i++) {
            long element = tensor.offset();
            for (int d = 0; d < shape.length; d++) {
                element += index[d] * tensor.stride()[d];
            }
            int at = (int) element * tensor.storage().type().bytes;
            values[i] = switch (tensor.storage().type()) {
                case FLOAT -> bytes.getFloat(at);
                case DOUBLE -> (float) bytes.getDouble(at);
                case HALF -> HalfFloats.toFloat(bytes.getShort(at));
                case OTHER -> throw new IllegalStateException("not a floating-point tensor");
            };
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return new Tensor(shape, values);
    }

    private static long[] longs(Object tuple) {
        Object[] items = (Object[]) tuple;
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = ((Number) items[i]).longValue();
        }
        return out;
    }
}
