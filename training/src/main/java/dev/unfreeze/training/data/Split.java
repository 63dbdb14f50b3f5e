package dev.unfreeze.training.data;

import java.util.Locale;

/** Which part of a dataset a file belongs to, as its source says. */
public enum Split {
    /** Training images. */
    TRAIN,
    /** Validation images the source already set apart. */
    VAL,
    /** Test images the source already set apart. */
    TEST,
    /** The source says nothing; Unfreeze makes a stratified split. */
    UNSPLIT;

    /** The split named by a folder or manifest value ({@code train}, {@code val}, {@code valid}, {@code validation}, {@code test}), or null. */
    public static Split named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> TRAIN;
            case "val", "valid", "validation" -> VAL;
            case "test", "testing" -> TEST;
            default -> null;
        };
    }

    /** The word used in manifests and reports. */
    public String word() {
        return this == UNSPLIT ? "" : name().toLowerCase(Locale.ROOT);
    }
}
