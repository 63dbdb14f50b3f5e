package dev.unfreeze.training.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.PlanReport;

/** {@code plan.json}: the automatic plan's leaderboard as indented JSON. */
public final class PlanJson {
    private static final ObjectMapper MAPPER = Json.mapper();

    private PlanJson() {}

    public static String write(PlanReport report) {
        try {
            return Json.indented().writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan report is always serialisable", e);
        }
    }

    public static PlanReport read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, PlanReport.class);
    }
}
