package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateFinderTest {
    @TempDir
    Path workspace;

    @Test
    void theRangeTestSweepsExponentiallyAndSuggestsAFiniteRateInsideItsSweep() throws Exception {
        Recipe recipe = TestData.smallCnnRecipe("full", 0);
        RateCurve curve = RangeTest.run(recipe, new ModelCatalog(new Workspace(workspace)), 40, null);
        assertThat(curve.rates()).isNotEmpty().hasSameSizeAs(curve.losses()).hasSameSizeAs(curve.smoothed());
        for (int i = 1; i < curve.rates().size(); i++) {
            assertThat(curve.rates().get(i) / curve.rates().get(i - 1)).isGreaterThan(1.2);
        }
        assertThat(curve.suggested()).isFinite().isBetween(curve.rates().get(0), curve.rates().get(curve.rates().size() - 1));
        // the suggestion sits where the loss was still falling, well below the rate where it blew up
        assertThat(curve.suggested()).isLessThan(0.5);
        assertThat(curve.rule()).contains("valley");
    }

    @Test
    void theValleyRulePicksTheMiddleOfTheLongestFall() {
        List<Double> rates = List.of(1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0);
        List<Double> losses = List.of(2.0, 1.9, 1.5, 1.0, 0.6, 3.0, 9.0);
        assertThat(RateFinder.valley(rates, losses)).isEqualTo(1e-3);
    }
}
