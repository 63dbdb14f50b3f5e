package dev.unfreeze.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundsTest {
    @Test
    void theMedianRatioIsTakenRoundByRoundNotFromTheMedians() {
        // rounds where the machine was slow for both: the ratios are 1.0, 1.1 and 0.9
        double[] ours = {10, 22, 27};
        double[] theirs = {10, 20, 30};
        assertEquals("decode-camera      22.00     20.00   1.00x  0.90-1.10", Rounds.row("decode-camera", ours, theirs));
        assertEquals(21.0, Rounds.median(new double[] {30, 12, 20, 22}));
    }

    @Test
    void oneRoundHasNoRange() {
        assertEquals("full               15.00     10.00   1.50x", Rounds.row("full", new double[] {15}, new double[] {10}));
    }
}
