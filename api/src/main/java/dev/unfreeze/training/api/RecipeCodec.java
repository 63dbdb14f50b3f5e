package dev.unfreeze.training.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes recipes. Reading fills in defaults for missing fields, then reports every
 * unknown field and every invalid value at once, one plain sentence each.
 */
public final class RecipeCodec {
    private static final ObjectMapper MAPPER = Json.mapper();

    private RecipeCodec() {}

    /**
     * The recipe every missing field falls back to: the one source of defaults for the command line,
     * the workbench and recipe files. Its choices were measured (see the README's quality table):
     * an automatic plan, a training length counted in optimiser steps and scaled to the data
     * ({@code epochs} 0), batches of 16 (more steps on small sets), BatchNorm statistics that adapt
     * while the whole backbone trains, augmentation whenever backbone groups train ({@code null}),
     * and no early stopping (the run's last weights are its model: stopping on a few held-out images stopped at
     * noise).
     */
    public static Recipe defaults() {
        return new Recipe(
                Recipe.CURRENT_VERSION,
                "mobilenet_v2",
                false,
                new Recipe.Data(null, null, 0.2, 0, null),
                new RecipeHead(RecipeHead.Type.LINEAR, 256, 0.2),
                new Schedule.Automatic(new PlanBudget.Multiple(PlanBudget.DEFAULT_FACTOR)),
                null,
                new Recipe.LearningRate(0.01, Recipe.LearningRate.Schedule.COSINE, Recipe.LearningRate.Discriminative.NONE, null),
                new Recipe.Optimizer(Recipe.Optimizer.Type.SGD, 0.9, 1e-4),
                0,
                16,
                Recipe.BatchNorm.AUTO,
                null,
                null,
                42,
                Recipe.Device.AUTO,
                0);
    }

    /** Reads, completes and validates a recipe file. */
    public static Recipe read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses, completes and validates a recipe.
     *
     * @throws InvalidRecipeException listing every problem found
     */
    public static Recipe parse(String json) {
        return parse(json, true);
    }

    /**
     * Reads a recipe file without checking its values: for callers that change some of them (the
     * command line's flags) and validate the result.
     *
     * @throws InvalidRecipeException when the file is not a recipe at all (bad JSON, unknown fields,
     *     wrong types)
     */
    public static Recipe readUnchecked(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), false);
    }

    private static Recipe parse(String json, boolean checkValues) {
        JsonNode given;
        try {
            given = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRecipeException(List.of(new RecipeProblem(null, RecipeProblem.Kind.UNREADABLE,
                    "the recipe is not valid JSON: " + e.getOriginalMessage())));
        }
        if (given == null || !given.isObject()) {
            throw new InvalidRecipeException(List.of(new RecipeProblem(null, RecipeProblem.Kind.UNREADABLE,
                    "the recipe must be a JSON object")));
        }
        List<RecipeProblem> problems = new ArrayList<>();
        findUnknownFields(given, Recipe.class, "", problems);
        // a word that names no choice is reported like any other bad value, and left to the default
        // so that the rest can still be read and checked
        dropUnknownWords((ObjectNode) given, Recipe.class, "", problems);
        JsonNode merged = merge(MAPPER.valueToTree(defaults()), given);
        Recipe recipe;
        try {
            recipe = MAPPER.treeToValue(merged, Recipe.class);
        } catch (JsonProcessingException e) {
            problems.add(new RecipeProblem(null, RecipeProblem.Kind.UNREADABLE,
                    "a value has the wrong type: " + e.getOriginalMessage()));
            throw new InvalidRecipeException(problems);
        }
        if (checkValues) {
            problems.addAll(RecipeValidator.problems(recipe));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
        return recipe;
    }

    /** Checks a recipe built in code (by the command line or the workbench). */
    public static Recipe validate(Recipe recipe) {
        List<RecipeProblem> problems = RecipeValidator.problems(recipe);
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
        return recipe;
    }

    /** The recipe as indented JSON. */
    public static String toJson(Recipe recipe) {
        try {
            return Json.indented().writeValueAsString(recipe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recipe is always serialisable", e);
        }
    }

    /** Writes the recipe as JSON. */
    public static void write(Recipe recipe, Path file) throws IOException {
        Files.writeString(file, toJson(recipe) + "\n", StandardCharsets.UTF_8);
    }

    private static void findUnknownFields(JsonNode node, Class<?> type, String path, List<RecipeProblem> problems) {
        if (!node.isObject() || !type.isRecord()) {
            return;
        }
        Set<String> known = new LinkedHashSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            known.add(component.getName());
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            String where = path.isEmpty() ? name : path + "." + name;
            if (!known.contains(name)) {
                problems.add(new RecipeProblem(where, RecipeProblem.Kind.UNKNOWN_FIELD,
                        "unknown field '" + where + "' (known here: " + String.join(", ", known) + ")"));
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(name)) {
                    findUnknownFields(field.getValue(), component.getType(), where, problems);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void dropUnknownWords(ObjectNode node, Class<?> type, String path, List<RecipeProblem> problems) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode value = node.get(component.getName());
            String where = path.isEmpty() ? component.getName() : path + "." + component.getName();
            if (value == null || value.isNull()) {
                continue;
            }
            Class<?> componentType = component.getType();
            if (componentType.isEnum() && Choice.class.isAssignableFrom(componentType)) {
                Class<? extends Enum<?>> choices = (Class<? extends Enum<?>>) componentType;
                if (!value.isTextual() || !Choice.isWord(choices, value.asText())) {
                    problems.add(new RecipeProblem(where, RecipeProblem.Kind.INVALID,
                            Choice.problem(choices, value.isTextual() ? value.asText() : value, where)));
                    node.remove(component.getName());
                }
            } else if (value instanceof ObjectNode object) {
                dropUnknownWords(object, componentType, where, problems);
            }
        }
    }

    private static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!(base instanceof ObjectNode baseObject) || !overlay.isObject()) {
            return overlay;
        }
        ObjectNode result = baseObject.deepCopy();
        overlay.properties().forEach(e -> {
            JsonNode existing = result.get(e.getKey());
            result.set(e.getKey(), existing == null || existing.isNull() ? e.getValue() : merge(existing, e.getValue()));
        });
        return result;
    }
}
