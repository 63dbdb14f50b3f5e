package dev.unfreeze.app.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.TrainingEvent;

/**
 * The worker's protocol: one JSON object per line, each with {@code "protocol": 1} and a
 * {@code "type"}. The client sends {@code start} (with {@code runDir} and {@code recipe}),
 * {@code resume-run} (with {@code runDir}), {@code pause}, {@code resume}, {@code cancel} and
 * {@code detach} (finish the run even when the client goes away); the
 * worker answers {@code ready}, then {@code event} lines (with the engine's event), and
 * {@code error} lines for requests it cannot take. Nothing else is ever written to the stream.
 */
public final class WorkerProtocol {
    /** The protocol version both sides speak. */
    public static final int VERSION = 1;

    static final ObjectMapper JSON = Json.mapper(); // one message a line

    private WorkerProtocol() {}

    static ObjectNode message(String type) {
        ObjectNode node = JSON.createObjectNode();
        node.put("protocol", VERSION);
        node.put("type", type);
        return node;
    }

    static String event(TrainingEvent event) {
        ObjectNode node = message("event");
        node.set("event", JSON.valueToTree(event));
        return write(node);
    }

    static String error(String text) {
        return write(message("error").put("message", text));
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses one line and checks its envelope.
     *
     * @throws IllegalArgumentException with a readable reason when the line is not a message of this protocol
     */
    static JsonNode parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (node.path("protocol").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("protocol version " + node.path("protocol") + " is not " + VERSION);
        }
        if (!node.path("type").isTextual()) {
            throw new IllegalArgumentException("the message has no type");
        }
        return node;
    }
}
