package dev.unfreeze.ui.train;

import dev.unfreeze.ui.shared.Theme;
import dev.unfreeze.ui.shared.TrainingMonitor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A run that ends while the window is in the background says so in a notification. */
@ExtendWith(ApplicationExtension.class)
class RunEndNotifierTest {
    private final TrainingMonitor monitor = new TrainingMonitor();
    private volatile boolean background;

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply(); // the theme defines the colours workbench.css looks up, as in the window
        Label content = new Label("workbench");
        stage.setScene(new Scene(new StackPane(content), 1200, 800));
        // the headless platform never moves the focus to another window: "in the background" is what the test says
        RunEndNotifier.install(content, monitor, window -> background);
        stage.show();
    }

    @Test
    void aRunEndingWhileAnotherWindowHasTheFocusShowsANotification(FxRobot robot) throws Exception {
        robot.interact(() -> {
            monitor.reset();
            monitor.accept(List.of(new TrainingEvent.Finished(8, 0.94, 0.2, 6, false)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".notification-bar").tryQuery()).as("in front: no notification").isEmpty();
        background = true;
        robot.interact(() -> {
            monitor.reset();
            monitor.accept(List.of(new TrainingEvent.Finished(8, 0.94, 0.2, 6, false)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".notification-bar").tryQuery()).isPresent();
        assertThat(robot.lookup(".notification-bar .title").queryAs(Label.class).getText())
                .isEqualTo("Unfreeze: training finished");
        javafx.scene.layout.Region pane = robot.lookup(".notification-bar > .pane").queryAs(javafx.scene.layout.Region.class);
        assertThat(pane.getBackground()).as("ControlsFX's sheet looks up Modena's colours; the theme's replace them")
                .isNotNull();
        assertThat(pane.getBackground().getFills()).extracting(f -> f.getFill())
                .allSatisfy(fill -> assertThat(fill).isInstanceOf(javafx.scene.paint.Color.class));
        // the notification would stay ten seconds, over the next test's window
        robot.interact(() -> List.copyOf(javafx.stage.Window.getWindows()).stream()
                .filter(w -> w instanceof javafx.stage.PopupWindow).forEach(javafx.stage.Window::hide));
    }
}
