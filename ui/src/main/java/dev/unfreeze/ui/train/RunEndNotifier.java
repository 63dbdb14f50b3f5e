package dev.unfreeze.ui.train;

import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.training.api.TrainingEvent;
import java.util.List;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * A desktop-style notification (ControlsFX) when a run ends while the window is in the background:
 * runs take minutes, and people switch to other work meanwhile.
 */
public final class RunEndNotifier {
    /** The notification in the theme's colours (its own sheet assumes Modena's). */
    private static final String STYLE = RunEndNotifier.class.getResource("notification.css").toExternalForm();

    private RunEndNotifier() {}

    /** Watches the monitor's outcome; the node gives the window once it is shown. */
    public static void install(Node anyNode, TrainingMonitor monitor) {
        install(anyNode, monitor, window -> !window.isFocused());
    }

    /** As above, with the test of whether the window is in the background given. */
    public static void install(Node anyNode, TrainingMonitor monitor, Predicate<Window> inBackground) {
        monitor.outcomeProperty().addListener((obs, old, outcome) -> {
            Window window = anyNode.getScene() == null ? null : anyNode.getScene().getWindow();
            if (outcome != null && window != null && window.isShowing() && inBackground.test(window)) {
                List<String> sheets = window.getScene().getStylesheets();
                if (!sheets.contains(STYLE)) {
                    sheets.add(STYLE);
                }
                Notifications.create().owner(window).title(title(outcome)).text(monitor.progressProperty().get())
                        .hideAfter(Duration.seconds(10)).showInformation();
            }
        });
    }

    /** The notification's title for the way the run ended. */
    static String title(TrainingEvent outcome) {
        if (outcome instanceof TrainingEvent.Finished) {
            return "Unfreeze: training finished";
        }
        if (outcome instanceof TrainingEvent.Cancelled) {
            return "Unfreeze: training cancelled";
        }
        return "Unfreeze: training failed";
    }
}
