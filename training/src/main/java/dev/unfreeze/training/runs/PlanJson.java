package dev.unfreeze.training.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unfreeze.training.api.PlanReport;

/** {@code plan.json}: the automatic plan's leaderboard as indented JSON. */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PlanJson() {}

    public static String write(PlanReport report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan report is always serialisable", e);
        }
    }

    public static PlanReport read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, PlanReport.class);
    }
}
