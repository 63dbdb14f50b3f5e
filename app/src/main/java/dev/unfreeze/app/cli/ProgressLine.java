package dev.unfreeze.app.cli;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How a command run as a helper process reports its progress on its error stream ({@code --progress}): a line of its
 * own, which the window reads back while the command runs.
 */
public final class ProgressLine {
    private static final String PREFIX = "progress ";

    private ProgressLine() {}

    /** The line for a share done (0 to 1), or -1 while the total is unknown. */
    public static String format(double share) {
        return String.format(Locale.ROOT, PREFIX + "%.2f", share < 0 ? -1.0 : share);
    }

    /** The share a line reports, or empty for any other line. */
    public static OptionalDouble parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(line.substring(PREFIX.length()).trim()));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
