package dev.unfreeze.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.PlanReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leaderboard's first line says what the search spent against what it was given, in words a user reads. */
class PlanTableTest {
    private static PlanReport report(double budget, double spent) {
        return new PlanReport("linear-probe", "it was the only plan scored", 5, 5, budget, spent, null, List.of());
    }

    @Test
    void aBudgetIsShownAgainstWhatWasSpent() {
        assertThat(PlanTable.lines(report(240, 181.4)).get(0)).isEqualTo("plan search: 5 stratified folds, 181 s of a 240 s budget");
    }

    @Test
    void aTimeThatTheFinalRunFillsIsSaidInWordsNotAsABudgetOfNothing() {
        assertThat(PlanTable.lines(report(0, 63)).get(0))
                .isEqualTo("plan search: 5 stratified folds, 63 s; the time given left none for fine-tuning on folds");
    }
}
