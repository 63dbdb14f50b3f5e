package dev.unfreeze.training;

/**
 * A system property a test sets and puts back afterwards (cleared when it had no value), so that no
 * test leaks its settings into the next one in the same JVM.
 */
public final class TestProperty {
    private final String key;
    private String previous;
    private boolean set;

    public TestProperty(String key) {
        this.key = key;
    }

    /** Sets the property, remembering its value before. */
    public void set(String value) {
        String before = System.setProperty(key, value);
        if (!set) {
            previous = before;
            set = true;
        }
    }

    /** Puts back the value it had before the first {@link #set}. */
    public void restore() {
        if (!set) {
            return;
        }
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
        set = false;
    }
}
