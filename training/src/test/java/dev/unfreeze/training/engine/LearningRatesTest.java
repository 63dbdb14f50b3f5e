package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unfreeze.training.api.Recipe;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRatesTest {

    @Test
    void ulmfitDividesBy2point6PerGroupGoingDown() {
        List<Double> m = LearningRates.multipliers(new Recipe.LearningRate(0.01, Recipe.LearningRate.Schedule.CONSTANT, Recipe.LearningRate.Discriminative.ULMFIT, null), 3);
        assertThat(m.get(2)).isCloseTo(1 / 2.6, within(1e-12));
        assertThat(m.get(1)).isCloseTo(1 / (2.6 * 2.6), within(1e-12));
        assertThat(m.get(0)).isCloseTo(1 / (2.6 * 2.6 * 2.6), within(1e-12));
        assertThat(LearningRates.multipliers(new Recipe.LearningRate(0.01, Recipe.LearningRate.Schedule.CONSTANT, Recipe.LearningRate.Discriminative.ULMFIT, List.of(0.0, 2.0)), 3))
                .containsExactly(0.0, 2.0, 1 / 2.6);
    }

    @Test
    void schedulesHaveTheirShapes() {
        LearningRates cosine = new LearningRates(new Recipe.LearningRate(1, Recipe.LearningRate.Schedule.COSINE, Recipe.LearningRate.Discriminative.NONE, null), 100);
        // a linear warm-up over the first steps, then the cosine from its peak down to zero
        assertThat(cosine.rateAt(0)).isGreaterThan(0).isLessThan(cosine.rateAt(2));
        int peak = 0;
        for (int t = 1; t <= 100; t++) {
            peak = cosine.rateAt(t) > cosine.rateAt(peak) ? t : peak;
        }
        assertThat(peak).isBetween(1, 10);
        assertThat(cosine.rateAt(peak)).isCloseTo(1.0, within(0.01));
        for (int t = peak + 1; t <= 100; t++) {
            assertThat(cosine.rateAt(t)).isLessThanOrEqualTo(cosine.rateAt(t - 1));
        }
        assertThat(cosine.rateAt(50)).isCloseTo(0.5, within(1e-9));
        assertThat(cosine.rateAt(100)).isCloseTo(0, within(1e-9));
        LearningRates oneCycle = new LearningRates(new Recipe.LearningRate(1, Recipe.LearningRate.Schedule.ONE_CYCLE, Recipe.LearningRate.Discriminative.NONE, null), 100);
        // one cycle: from a small rate up to the peak early on, then back down to where it started
        int top = 0;
        for (int t = 1; t <= 100; t++) {
            top = oneCycle.rateAt(t) > oneCycle.rateAt(top) ? t : top;
        }
        assertThat(top).isBetween(5, 40);
        assertThat(oneCycle.rateAt(top)).isCloseTo(1.0, within(1e-6));
        assertThat(oneCycle.rateAt(0)).isLessThan(0.1);
        for (int t = 1; t <= top; t++) {
            assertThat(oneCycle.rateAt(t)).isGreaterThanOrEqualTo(oneCycle.rateAt(t - 1));
        }
        for (int t = top + 1; t <= 100; t++) {
            assertThat(oneCycle.rateAt(t)).isLessThanOrEqualTo(oneCycle.rateAt(t - 1));
        }
        assertThat(oneCycle.rateAt(100)).isLessThanOrEqualTo(oneCycle.rateAt(0) + 1e-12);
    }

    @Test
    void trackerCombinesScheduleMultiplierAndStage() {
        LearningRates rates = new LearningRates(new Recipe.LearningRate(0.1, Recipe.LearningRate.Schedule.CONSTANT, Recipe.LearningRate.Discriminative.NONE, null), 10);
        rates.setMultiplier("p", 0.5);
        assertThat(rates.getNewValue("p", 0)).isCloseTo(0.05f, within(1e-7f));
        assertThat(rates.getNewValue("head", 0)).isCloseTo(0.1f, within(1e-7f));
        rates.setLowered(true);
        assertThat(rates.getNewValue("p", 0)).isCloseTo(0.005f, within(1e-7f));
    }
}
