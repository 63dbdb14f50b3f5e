package dev.unfreeze.training.api;

import dev.unfreeze.training.api.Schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlanBudgetTest {
    @Test
    void aMultipleOfOneRunOrATimeForTheWholeRun() {
        assertThat(PlanBudget.of("auto")).isEqualTo(new PlanBudget.Multiple(2));
        assertThat(PlanBudget.of("auto:2.5")).isEqualTo(new PlanBudget.Multiple(2.5));
        assertThat(PlanBudget.of("auto:5m")).isEqualTo(new PlanBudget.WallClock(Duration.ofMinutes(5)));
        assertThat(PlanBudget.of("AUTO:90s")).isEqualTo(new PlanBudget.WallClock(Duration.ofSeconds(90)));
        assertThat(PlanBudget.of("auto:1h")).isEqualTo(new PlanBudget.WallClock(Duration.ofHours(1)));
        assertThat(PlanBudget.parse("auto:3", "--budget")).as("the budget alone, also as the schedule writes it")
                .isEqualTo(PlanBudget.parse("3", "--budget")).isEqualTo(new PlanBudget.Multiple(3));
        for (String value : new String[] {"auto", "auto:2.5", "auto:5m", "auto:90s", "auto:1h"}) {
            assertThat(PlanBudget.of(PlanBudget.of(value).schedule())).as(value).isEqualTo(PlanBudget.of(value));
        }
    }

    @Test
    void aTimeLeavesTheFinalRunItsShareAndTheSearchTheRest() {
        assertThat(PlanBudget.of("auto:5m").searchSeconds(60)).isEqualTo(240);
        assertThat(PlanBudget.of("auto:1m").searchSeconds(90)).as("no time left: the probe only").isZero();
        assertThat(PlanBudget.of("auto:3").searchSeconds(60)).isEqualTo(180);
        assertThat(PlanBudget.of("auto:1m").spentAfter(59)).isFalse();
        assertThat(PlanBudget.of("auto:1m").spentAfter(60)).as("past it, the probe is the plan").isTrue();
        assertThat(PlanBudget.of("auto:3").spentAfter(1e6)).as("a multiple is judged against the runs' estimate").isFalse();
        assertThat(PlanBudget.of("auto:2m").leavesTimeFor(14, 80)).as("a final run of 80 s after 14 s of 2 min")
                .isTrue();
        assertThat(PlanBudget.of("auto:1m").leavesTimeFor(14, 80)).isFalse();
        assertThat(PlanBudget.of("auto:0.5").leavesTimeFor(1e6, 1e6)).as("a multiple bounds the search alone").isTrue();
    }

    @Test
    void unreadableBudgetsSayWhatIsExpected() {
        assertThatThrownBy(() -> PlanBudget.of("auto:soon")).hasMessageContaining("neither a number")
                .hasMessageContaining("5m");
        assertThatThrownBy(() -> PlanBudget.of("auto:2s")).hasMessageContaining("between 10 seconds and 7 days");
        assertThatThrownBy(() -> PlanBudget.of("auto:500")).hasMessageContaining("between 0.5 and 100");
        assertThat(RecipeValidator.problems(RecipeCodec.defaults().withPlan(Schedule.parse("auto:5m"), null,
                RecipeCodec.defaults().learningRate(), 0, Recipe.BatchNorm.AUTO, null))).noneMatch(p -> p.isAbout("schedule"));
        assertThat(RecipeValidator.problems(RecipeCodec.defaults().withPlan(Schedule.parse("auto:5x"), null,
                RecipeCodec.defaults().learningRate(), 0, Recipe.BatchNorm.AUTO, null))).anyMatch(p -> p.isAbout("schedule"));
    }
}
