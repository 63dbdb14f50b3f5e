package dev.unfreeze.app.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unfreeze.training.api.Json;

/**
 * The worker's protocol: one JSON object per line, each a {@link WorkerMessage} with {@code "protocol": 1} beside
 * its {@code "type"}. The client sends requests ({@code start}, {@code resume-run}, {@code pause}, {@code resume},
 * {@code cancel}, {@code detach}); the worker answers {@code ready}, then {@code event} lines, and {@code error}
 * lines for requests it cannot take. Nothing else is ever written to the stream.
 */
public final class WorkerProtocol {
    /** The protocol version both sides speak. */
    public static final int VERSION = 1;

    // one message a line; a message without fields (pause, cancel) is its type alone
    private static final ObjectMapper JSON = Json.mapper().copy().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private WorkerProtocol() {}

    /** The message as one line. */
    static String write(WorkerMessage message) {
        ObjectNode node = JSON.valueToTree(message);
        node.put("protocol", VERSION);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads one line.
     *
     * @throws IllegalArgumentException with a readable reason when the line is not a message of this protocol
     */
    static WorkerMessage parse(String line) {
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
        try {
            return JSON.treeToValue(node, WorkerMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage().startsWith("Could not resolve type id")
                    ? "unknown request type '" + node.get("type").asText() + "'" : e.getOriginalMessage());
        }
    }
}
