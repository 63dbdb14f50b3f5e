package dev.unfreeze.training.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Confidence against accuracy, per bin of confidence, and the log loss, on answers worked out by hand. */
class CalibrationTest {
    @Test
    void aModelSurerThanRightShowsItsGapPerBinAndInTheMean() {
        Calibration c = Calibration.of(List.of(
                new Calibration.Answer(0.95, true, 0.95),
                new Calibration.Answer(0.95, false, 0.03),
                new Calibration.Answer(0.55, true, 0.55),
                new Calibration.Answer(0.65, false, 0.20)));

        assertThat(c.images()).isEqualTo(4);
        assertThat(c.accuracy()).isCloseTo(0.5, within(1e-12));
        assertThat(c.meanConfidence()).isCloseTo(0.775, within(1e-12));
        assertThat(c.overstatement()).isCloseTo(0.275, within(1e-12));
        assertThat(c.verdict()).as("four answers").isEqualTo(Calibration.Verdict.TOO_FEW_IMAGES);
        // bins 0.9-1: 1.9 confident, 1 right; 0.5-0.6: 0.55 and 1; 0.6-0.7: 0.65 and 0
        assertThat(c.calibrationError()).isCloseTo((0.9 + 0.45 + 0.65) / 4, within(1e-12));
        assertThat(c.logLoss()).isCloseTo(-(Math.log(0.95) + Math.log(0.03) + Math.log(0.55) + Math.log(0.2)) / 4,
                within(1e-12));
    }

    @Test
    void aCertainWrongAnswerCostsALargeButFiniteLossAndNoAnswersGiveNoFigures() {
        Calibration certain = Calibration.of(List.of(new Calibration.Answer(1.0, false, 0.0)));
        assertThat(certain.logLoss()).isFinite().isGreaterThan(10);
        assertThat(certain.calibrationError()).isCloseTo(1.0, within(1e-12));
        assertThat(Calibration.of(List.of()).accuracy()).isNaN();
        List<Calibration.Answer> unsure = new java.util.ArrayList<>();
        for (int i = 0; i < Calibration.ENOUGH_IMAGES; i++) {
            unsure.add(new Calibration.Answer(0.6, true, i == 0 ? Double.NaN : 0.6));
        }
        assertThat(Calibration.of(unsure).verdict()).isEqualTo(Calibration.Verdict.UNDERSTATED);
        assertThat(Calibration.of(unsure).logLoss()).as("a true class's probability unknown").isNaN();
        unsure.set(0, new Calibration.Answer(1.0, false, 0.0));
        assertThat(Calibration.of(unsure).verdict()).as("0.62 sure, 0.95 right").isEqualTo(Calibration.Verdict.UNDERSTATED);
    }
}
