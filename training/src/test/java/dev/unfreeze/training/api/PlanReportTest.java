package dev.unfreeze.training.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A leaderboard's outcomes are typed, and plan.json files written before they were recorded still read right. */
class PlanReportTest {
    @Test
    void outcomesTravelAsTypesAndOlderFilesReadFromTheirWords() throws Exception {
        PlanReport.Candidate screened = new PlanReport.Candidate("partial:1", "the top group trains",
                PlanReport.Outcome.SCREENED_OUT, PlanReport.Outcome.SCREENED_OUT.describe("0.760 on fold 1; full led with 0.790"),
                0.76, 0.09, 0.61, 1, 14, List.of(0.76), RecipeCodec.defaults());
        PlanReport report = new PlanReport("full", "why", 5, 1, 240, 171, null, List.of(screened));
        PlanReport read = Json.mapper().readValue(Json.mapper().writeValueAsString(report), PlanReport.class);
        assertThat(read.candidates().get(0).outcome()).isEqualTo(PlanReport.Outcome.SCREENED_OUT);
        assertThat(read.candidates().get(0).status()).isEqualTo("screened out: 0.760 on fold 1; full led with 0.790");

        String older = """
                {"chosen": "full", "folds": 5, "foldsUsed": 1, "candidates": [
                  {"name": "full", "status": "scored", "accuracy": 0.9},
                  {"name": "gradual", "status": "not tried: over the search budget"},
                  {"name": "partial:1", "status": "screened out: 0.760 on fold 1 in a run of half its length"},
                  {"name": "partial:3", "status": "failed: the disk is full"}]}""";
        List<PlanReport.Candidate> rows = Json.mapper().readValue(older, PlanReport.class).candidates();
        assertThat(rows).extracting(PlanReport.Candidate::outcome).containsExactly(PlanReport.Outcome.SCORED,
                PlanReport.Outcome.NOT_TRIED, PlanReport.Outcome.SCREENED_OUT, PlanReport.Outcome.FAILED);
        assertThat(rows.get(0).scored()).isTrue();
        assertThat(rows.get(2).hasScore()).isTrue();
    }
}
