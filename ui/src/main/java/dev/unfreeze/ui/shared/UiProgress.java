package dev.unfreeze.ui.shared;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import javafx.beans.property.DoubleProperty;

/** Progress reported from worker threads, shown in the window without flooding it. */
public final class UiProgress {
    private UiProgress() {}

    /**
     * A progress sink that passes a value to the property on the UI executor only when its whole
     * percentage changes (or it becomes unknown, -1), so thousands of files never flood the window.
     */
    public static DoubleConsumer into(DoubleProperty target, Executor ui) {
        AtomicInteger shown = new AtomicInteger(Integer.MIN_VALUE);
        return p -> {
            int percent = p < 0 ? -1 : (int) (p * 100);
            if (shown.getAndSet(percent) != percent) {
                ui.execute(() -> target.set(p));
            }
        };
    }
}
