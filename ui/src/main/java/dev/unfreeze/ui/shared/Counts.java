package dev.unfreeze.ui.shared;

import java.util.Locale;

/** Parameter counts as people read them at a glance. */
public final class Counts {
    private Counts() {}

    /** 2,223,872 as 2.2M, 12,345 as 12k. */
    public static String compact(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%dk", Math.round(n / 1e3));
        }
        return String.format(Locale.ROOT, "%,d", n);
    }
}
