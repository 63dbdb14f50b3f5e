package dev.unfreeze.training.catalog;

import java.util.Locale;

/** What kind of place a model reference names, by its form alone. */
public final class ModelReferences {
    private ModelReferences() {}

    /** An address to download a TorchScript file from ({@code https:}, {@code http:} or {@code file:}). */
    public static boolean isUrl(String reference) {
        String lower = reference.toLowerCase(Locale.ROOT);
        return lower.startsWith("https:") || lower.startsWith("http:") || lower.startsWith("file:");
    }

    /** A model of DJL's zoo ({@code djl://...}). */
    public static boolean isZooUrl(String reference) {
        return reference.toLowerCase(Locale.ROOT).startsWith("djl://");
    }

    /** A model the run fetches itself (a URL or DJL's zoo), with progress, rather than a file or id at hand. */
    public static boolean isRemote(String reference) {
        return isUrl(reference) || isZooUrl(reference);
    }
}
