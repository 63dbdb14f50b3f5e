package dev.unfreeze.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;

/**
 * Measures how long the FX thread goes between pulses while something runs: a long gap is a frozen
 * window. Start and stop it on the FX thread.
 */
final class PulseGaps extends AnimationTimer {
    private final List<Double> gapsMillis = new ArrayList<>();
    private long last;

    @Override
    public void handle(long now) {
        if (last != 0) {
            gapsMillis.add((now - last) / 1e6);
        }
        last = now;
    }

    /** The longest time the FX thread went without a pulse, in milliseconds (0 when none was seen). */
    double longestMillis() {
        return gapsMillis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The 99th percentile of the gaps, in milliseconds (0 when none was seen). */
    double p99Millis() {
        List<Double> sorted = new ArrayList<>(gapsMillis);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(sorted.size() * 0.99)));
    }

    String report() {
        List<Double> sorted = new ArrayList<>(gapsMillis);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "no FX pulses were seen";
        }
        double p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.floor(sorted.size() * 0.99)));
        return String.format(Locale.ROOT, "FX pulse gaps during training: %d pulses, median %.1f ms, p99 %.1f ms, max %.1f ms",
                sorted.size(), sorted.get(sorted.size() / 2), p99, sorted.get(sorted.size() - 1));
    }
}
