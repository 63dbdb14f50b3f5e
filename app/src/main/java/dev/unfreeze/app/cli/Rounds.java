package dev.unfreeze.app.cli;

import java.util.Arrays;
import java.util.Locale;

/**
 * Figures measured several times, alternating with their peer's: on a shared virtual machine one round can
 * be 10% off either way, while the round-by-round ratio moves much less, so the benchmarks print medians and
 * the ratios' range.
 */
final class Rounds {
    private Rounds() {}

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The table's heading line, after an empty one. */
    static String header(int rounds) {
        return String.format(Locale.ROOT, "%n%-14s %9s %9s %7s%s", "images/s", "unfreeze", "peer", "ratio",
                rounds > 1 ? "  (medians of " + rounds + " alternating rounds; ratio range)" : "");
    }

    /** One table row: the medians of ours and theirs, the median ratio and, over several rounds, its range. */
    static String row(String figure, double[] ours, double[] theirs) {
        double[] ratios = new double[ours.length];
        for (int r = 0; r < ours.length; r++) {
            ratios[r] = ours[r] / theirs[r];
        }
        Arrays.sort(ratios);
        return String.format(Locale.ROOT, "%-14s %9.2f %9.2f %6.2fx%s", figure, median(ours), median(theirs), median(ratios),
                ratios.length > 1 ? String.format(Locale.ROOT, "  %.2f-%.2f", ratios[0], ratios[ratios.length - 1]) : "");
    }
}
