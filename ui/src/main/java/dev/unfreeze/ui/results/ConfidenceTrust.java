package dev.unfreeze.ui.results;

import dev.unfreeze.training.api.Calibration;
import dev.unfreeze.training.api.TrainingEvent;
import java.util.Locale;

/** The Results step's sentence on how far the percentages of the answers it shows can be read as they are. */
final class ConfidenceTrust {
    private ConfidenceTrust() {}

    /**
     * The sentence; empty without enough answers to tell.
     *
     * @param shown the answers the step shows
     * @param fittedOnShown the temperature the model's scores were divided by to fit those very answers; null when
     *     they played no part in it. Then they are a check of the percentages, else they cannot be one.
     * @param test the dataset's test images' answers, which took part in nothing (null without any): the check when
     *     the shown answers cannot be one
     */
    static String sentence(Calibration shown, TrainingEvent.TemperatureFitted fittedOnShown, Calibration test) {
        boolean testCanTell = test != null && test.verdict() != Calibration.Verdict.TOO_FEW_IMAGES;
        if (shown == null || shown.verdict() == Calibration.Verdict.TOO_FEW_IMAGES) {
            // too few shown to tell; where they fitted the temperature, the test images can still check it
            return fittedOnShown == null || !testCanTell ? "" : String.format(Locale.ROOT, "The model's scores were "
                    + "divided by %.2f to fit its answers on these %d images. ", fittedOnShown.temperature(),
                    fittedOnShown.heldOutImages()) + figures("On the dataset's %d test images, which can check its "
                    + "percentages, they were", test) + verdict(test);
        }
        String figures = figures("On these %d images the answers were", shown);
        if (fittedOnShown == null) {
            return figures + verdict(shown);
        }
        String fitted = String.format(Locale.ROOT, "%s, but the model's scores were divided by %.2f to fit these very "
                + "answers, so they cannot check its percentages.", figures, fittedOnShown.temperature());
        if (!testCanTell) {
            return fitted + " Labelled images it has not seen can: a test part in the dataset, or \"unfreeze "
                    + "evaluate\" on a folder of them.";
        }
        return fitted + " " + figures("On the dataset's %d test images, which can, they were", test) + verdict(test);
    }

    private static String figures(String opening, Calibration c) {
        return String.format(Locale.ROOT, opening + " right %.0f%% of the time and given with %.0f%% confidence on "
                + "average", c.images(), 100 * c.accuracy(), 100 * c.meanConfidence());
    }

    private static String verdict(Calibration c) {
        return switch (c.verdict()) {
            case OVERSTATED -> ": the percentages overstate how often they are right, as they often do after training "
                    + "on few images. Read them as a ranking.";
            case UNDERSTATED -> ": the percentages understate how often they are right.";
            case FAITHFUL -> ": the percentages can be read as they are.";
            case TOO_FEW_IMAGES -> ".";
        };
    }
}
