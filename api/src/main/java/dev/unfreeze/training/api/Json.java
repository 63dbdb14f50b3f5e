package dev.unfreeze.training.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration everything in Unfreeze reads and writes with: recipes, run folders, event
 * logs, plans, checkpoints' headers, model metadata and cards, the worker's messages and the command
 * line's output. Reading ignores properties it does not know, so what a newer version writes an older one
 * still reads; files people open are indented, lines of a log or a protocol are not.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectWriter INDENTED = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}

    /** For reading, and for one-line JSON (an event log's lines, the worker's messages). Not to be reconfigured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** For files people open: indented. */
    public static ObjectWriter indented() {
        return INDENTED;
    }
}
