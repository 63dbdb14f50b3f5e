package dev.unfreeze.ui;

import dev.unfreeze.ui.shared.WorkbenchState;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The side bar and the controls of a step can be reached and used with the keyboard alone. */
@ExtendWith(ApplicationExtension.class)
class KeyboardTest {
    private WorkbenchViewModel model;
    private Scene scene;

    @Start
    void start(Stage stage) {
        model = FakeServices.viewModel();
        scene = new Scene(new WorkbenchView(model), 1200, 800);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theKeyboardReachesEveryStepAndSpaceOpensIt(FxRobot robot) {
        Set<String> reached = new HashSet<>();
        robot.interact(() -> robot.lookup(".step-button").queryAs(ButtonBase.class).requestFocus());
        for (int i = 0; i < 6; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            Node focused = scene.getFocusOwner();
            if (focused instanceof ButtonBase button && button.getStyleClass().contains("step-button")) {
                reached.add(button.getText());
            }
            robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        }
        assertThat(reached).as("the arrow keys walk the side bar, like any group of choices").hasSize(6);

        // Tab leaves the side bar for the step's own controls.
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(scene.getFocusOwner().getStyleClass()).doesNotContain("step-button");

        // Focus "3 Layers & schedule" and open it with Space.
        robot.interact(() -> robot.lookup(".step-button").nth(2).queryAs(ButtonBase.class).requestFocus());
        robot.press(KeyCode.SPACE).release(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.stepProperty().get()).isEqualTo(WorkbenchState.Step.LAYERS);
    }
}
