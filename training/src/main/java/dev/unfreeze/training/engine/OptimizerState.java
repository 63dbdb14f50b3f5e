package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The optimiser's state between steps (SGD's momentum, Adam's moments, the update counts behind Adam's bias
 * correction), by parameter name, so that a resumed run continues the optimiser where it stood: restarting momentum
 * at zero gives a different model from the same run left alone.
 *
 * <p>DJL keeps this state in private maps keyed by each parameter's id, which is new in every process and has no
 * accessor; the maps are reached by reflection, by their types rather than their names, so any of DJL's optimisers
 * is covered. {@code ExactResumeTest} fails if a DJL version keeps them elsewhere.
 */
final class OptimizerState {
    private static final char SEPARATOR = '/';

    private OptimizerState() {}

    /** The optimiser's state as bytes, each array named "field/parameter"; empty before its first step. */
    static byte[] encode(Optimizer optimizer, Block network) {
        Map<String, String> names = new HashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList state = new NDList();
            for (Field field : stateFields(optimizer)) {
                Object value = read(field, optimizer);
                if (value instanceof Map<?, ?> byId) {
                    for (Map.Entry<?, ?> entry : byId.entrySet()) {
                        String name = names.get(String.valueOf(entry.getKey()));
                        if (name == null) {
                            continue;
                        }
                        NDArray array;
                        if (entry.getValue() instanceof Map<?, ?> byDevice) {
                            array = ((NDArray) byDevice.values().iterator().next()).duplicate(); // the live one stays
                            array.attach(manager);
                            array = array.toDevice(Device.cpu(), false);
                        } else {
                            array = manager.create(new int[] {(Integer) entry.getValue()});
                        }
                        array.setName(field.getName() + SEPARATOR + name);
                        state.add(array);
                    }
                } else if (value instanceof Integer count) {
                    NDArray array = manager.create(new int[] {count});
                    array.setName(field.getName());
                    state.add(array);
                }
            }
            if (state.isEmpty()) {
                return new byte[0];
            }
            // in name order: the maps' order follows the ids, new in each process, and the same state should be the
            // same bytes
            state.sort(Comparator.comparing(NDArray::getName));
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            state.encode(buffer, NDList.Encoding.ND_LIST);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UnfreezeException("the optimiser's state could not be written: " + e.getMessage(), e);
        }
    }

    /** Puts state written by {@link #encode} into a new optimiser of the same kind, for the network's parameters. */
    static void restore(Optimizer optimizer, Block network, byte[] bytes, Device device) {
        if (bytes.length == 0) {
            return; // a checkpoint written before its first step, or by a version that did not keep the state
        }
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            for (NDArray saved : NDList.decode(manager, bytes)) {
                String name = saved.getName();
                int cut = name.indexOf(SEPARATOR);
                Field field = field(optimizer, cut < 0 ? name : name.substring(0, cut));
                Parameter parameter = cut < 0 ? null : byName.get(name.substring(cut + 1));
                if (field == null || (cut >= 0 && parameter == null)) {
                    throw new UnfreezeException("the checkpoint's optimiser state names '" + name
                            + "', which this run's optimiser or network does not have");
                }
                put(optimizer, field, parameter, saved, device);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Optimizer optimizer, Field field, Parameter parameter, NDArray saved, Device device) {
        Object target = read(field, optimizer);
        if (parameter == null) {
            write(field, optimizer, saved.toIntArray()[0]);
        } else if (holdsArrays(field)) {
            // a copy of its own: a decoded array may read the file's buffer in place, which is freed with the
            // manager (and toDevice does not copy on the same device)
            NDArray state = saved.duplicate().toDevice(device, false);
            state.detach(); // as DJL's own state: the optimiser owns it until Optimizers.release
            Map<Device, NDArray> byDevice = new ConcurrentHashMap<>();
            byDevice.put(device, state);
            ((Map<String, Map<Device, NDArray>>) target).put(parameter.getId(), byDevice);
        } else {
            ((Map<String, Integer>) target).put(parameter.getId(), saved.toIntArray()[0]);
        }
    }

    /**
     * The optimiser's fields that change as it steps: maps keyed by parameter id, and int counters (its own and its
     * superclasses'); {@link Optimizers#release} frees the maps among them.
     */
    static List<Field> stateFields(Optimizer optimizer) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = optimizer.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                if (Map.class.isAssignableFrom(field.getType()) || field.getType() == int.class) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static Field field(Optimizer optimizer, String name) {
        return stateFields(optimizer).stream().filter(f -> f.getName().equals(name)).findFirst().orElse(null);
    }

    /** Whether a map field holds arrays per device (momentum, moments) rather than counts. */
    private static boolean holdsArrays(Field field) {
        Type type = field.getGenericType();
        return type instanceof ParameterizedType map && map.getActualTypeArguments()[1] instanceof ParameterizedType;
    }

    private static Object read(Field field, Optimizer optimizer) {
        try {
            field.setAccessible(true);
            return field.get(optimizer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnfreezeException("the optimiser's state cannot be reached in this version of DJL: " + field, e);
        }
    }

    private static void write(Field field, Optimizer optimizer, int value) {
        try {
            field.setAccessible(true);
            field.setInt(optimizer, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnfreezeException("the optimiser's state cannot be reached in this version of DJL: " + field, e);
        }
    }
}
