package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.shared.Theme;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The layer map of a 50-group network: it fits the window (the head in view), and tells the three states apart without colour. */
@ExtendWith(ApplicationExtension.class)
class LayerMapTest {
    private final SchedulePlan plan = new SchedulePlan();
    private Scene scene;

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply(); // the theme defines the colours workbench.css looks up, as in the window
        List<LayerGroup> groups = new ArrayList<>();
        for (int g = 0; g < 50; g++) {
            groups.add(new LayerGroup(g, "layer" + g, List.of("layer" + g + "."), 1000L * (g + 1) * (g + 1), false,
                    g == 0 ? List.of() : List.of(64L * (g / 10 + 1), 56L >> (g / 10), 56L >> (g / 10))));
        }
        groups.add(new LayerGroup(50, "head", List.of("head."), 12_810, true, List.of(10L)));
        plan.setLayout(new ModelLayout(new ModelInfo("deep", "Deep", "imported", "x", "torchscript", 1, 224, 3, "p", "MIT"),
                1280, groups));
        plan.applyPreset(Schedule.parse("gradual"));
        LayerMap map = new LayerMap(plan);
        map.getStylesheets().add(WorkbenchView.class.getResource("workbench.css").toExternalForm()); // as the window has it
        scene = new Scene(map, 1000, 300);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void fiftyGroupsFitTheWindowAndEachBlockSaysItsStateByIconAndTooltip(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        List<Button> blocks = robot.lookup(".layer-block").queryAllAs(Button.class).stream().toList();
        assertThat(blocks).hasSize(51);
        Button head = blocks.get(50);
        assertThat(head.localToScene(head.getBoundsInLocal()).getMaxX()).as("the head is in view").isLessThanOrEqualTo(1000);
        // at 50 groups a block shows the lines that fit it whole, from the top; the tooltip has them all
        assertThat("head\n13k\n10 out").startsWith(head.getText());
        assertThat("49\n2.5M\n320 ch").startsWith(blocks.get(49).getText());
        assertThat(blocks.get(49).getText()).as("the widest block has room for its number").startsWith("49");
        assertThat(blocks.get(0).getTooltip().getText()).as("an unknown shape adds no output").startsWith("layer0: 1,000 parameters; frozen");
        assertNothingCut(blocks);
        // gradual: the top group thaws in epoch 2, the rest later; nothing trains from the start but the head
        assertThat(icon(head)).isEqualTo("mdal-local_fire_department");
        assertThat(icon(blocks.get(49))).isEqualTo("mdal-alarm");
        assertThat(blocks.get(49).getTooltip().getText()).contains("layer49: 2,500,000 parameters; output 320 x 3 x 3; frozen until epoch 2");
        robot.interact(() -> plan.applyPreset(Schedule.parse("partial:2")));
        List<Button> after = robot.lookup(".layer-block").queryAllAs(Button.class).stream().toList();
        assertThat(icon(after.get(0))).isEqualTo("mdal-lock");
        assertThat(after.get(0).getAccessibleText()).isEqualTo("layer0, frozen");
        assertThat(icon(after.get(49))).isEqualTo("mdal-local_fire_department");
        // wider blocks for more parameters
        assertThat(after.get(49).getWidth()).isGreaterThan(after.get(0).getWidth());
    }

    /** What a block shows is what it was given: JavaFX cuts a line that does not fit with an ellipsis. */
    static void assertNothingCut(List<Button> blocks) {
        for (Button block : blocks) {
            javafx.scene.Node shown = block.lookup(".text");
            if (shown instanceof javafx.scene.text.Text text) {
                assertThat(text.getText()).as(block.getAccessibleText()).isEqualTo(block.getText());
            }
        }
    }

    private static String icon(Button block) {
        return ((FontIcon) block.getGraphic()).getIconLiteral();
    }
}
