package dev.unfreeze.training.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.TrainingEvent;

/** Training events as single JSON lines, the format of {@code events.jsonl} and of the worker protocol. */
public final class EventJson {
    private static final ObjectMapper MAPPER = Json.mapper(); // one event a line

    private EventJson() {}

    /** One event as one line of JSON (no newline). */
    public static String write(TrainingEvent event) {
        try {
            return MAPPER.writerFor(TrainingEvent.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("events are always serialisable", e);
        }
    }

    /** Parses one line written by {@link #write}. */
    public static TrainingEvent read(String line) throws JsonProcessingException {
        return MAPPER.readValue(line, TrainingEvent.class);
    }
}
