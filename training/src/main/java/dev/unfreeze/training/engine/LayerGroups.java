package dev.unfreeze.training.engine;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.unfreeze.training.api.LayerGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a backbone's layer groups from its parameter names, in the order the parameters appear
 * (input to output). TorchScript names group by their first component, plus the index when the
 * second is a number: {@code features.3.conv.0.weight} is in {@code features.3}, and ResNet's
 * {@code layer2.0.conv1.weight} in {@code layer2}. A DJL block groups by its top-level children.
 */
public final class LayerGroups {
    private static final Pattern INDEXED = Pattern.compile("^([^.]+)\\.(\\d+)\\..*");
    private static final Pattern DJL_CHILD = Pattern.compile("^(\\d+)([A-Za-z]+)_.*");

    private LayerGroups() {}

    /** The backbone's groups, input to output. */
    public static List<GroupParameters> discover(Block backbone) {
        Map<String, List<Parameter>> byPrefix = new LinkedHashMap<>();
        Map<String, String> displayNames = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : backbone.getParameters()) {
            String name = p.getKey();
            String prefix;
            String display;
            Matcher djl = DJL_CHILD.matcher(name);
            Matcher indexed = INDEXED.matcher(name);
            if (djl.matches()) {
                prefix = djl.group(1) + djl.group(2);
                display = "block" + Integer.parseInt(djl.group(1));
            } else if (indexed.matches()) {
                prefix = indexed.group(1) + "." + indexed.group(2);
                display = prefix;
            } else {
                int dot = name.indexOf('.');
                prefix = dot < 0 ? name : name.substring(0, dot);
                display = prefix;
            }
            byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(p.getValue());
            displayNames.putIfAbsent(prefix, display);
        }
        List<GroupParameters> groups = new ArrayList<>();
        byPrefix.forEach((prefix, params) -> groups.add(new GroupParameters(displayNames.get(prefix), List.of(prefix), params)));
        // Parameter-free groups (a pooling layer) cannot be frozen; they are not shown.
        groups.removeIf(g -> g.parameters().isEmpty());
        return groups;
    }

    /**
     * Merges the groups {@code from} to {@code to} (inclusive) into one.
     *
     * @throws IllegalArgumentException when the range is not inside the list
     */
    public static List<GroupParameters> merge(List<GroupParameters> groups, int from, int to) {
        if (from < 0 || to >= groups.size() || from > to) {
            throw new IllegalArgumentException("cannot merge groups " + from + ".." + to + " of " + groups.size());
        }
        List<GroupParameters> merged = new ArrayList<>(groups.subList(0, from));
        GroupParameters joined = groups.get(from);
        for (int i = from + 1; i <= to; i++) {
            joined = joined.mergedWith(groups.get(i));
        }
        merged.add(joined);
        merged.addAll(groups.subList(to + 1, groups.size()));
        return merged;
    }

    /**
     * The groups as the API shows them, with the head appended.
     *
     * @param outputShapes each backbone group's output shape, in order
     * @param classes the head's output size
     */
    public static List<LayerGroup> describe(List<GroupParameters> backboneGroups, List<List<Long>> outputShapes, long headParameters,
            int classes) {
        List<LayerGroup> result = new ArrayList<>();
        for (int i = 0; i < backboneGroups.size(); i++) {
            GroupParameters g = backboneGroups.get(i);
            result.add(new LayerGroup(i, g.name(), g.prefixes(), g.trainableCount(), false, outputShapes.get(i),
                    g.scalesAndBiasesCount()));
        }
        result.add(new LayerGroup(backboneGroups.size(), "head", List.of("head"), headParameters, true, List.of((long) classes),
                0));
        return result;
    }
}
