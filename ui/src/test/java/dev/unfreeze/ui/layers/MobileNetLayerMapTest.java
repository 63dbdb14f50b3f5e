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
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * MobileNetV2's 19 groups in the layer map of a 1200-pixel window (the map is about 940 pixels wide there, 1180 in a
 * 1440 x 900 one): every block shows its name, the head too, and no label is cut.
 */
@ExtendWith(ApplicationExtension.class)
class MobileNetLayerMapTest {
    private static final long[] PARAMETERS = {928, 896, 5136, 8832, 10000, 14848, 14848, 21056, 54272, 54272, 54272,
        66624, 118272, 118272, 155264, 320000, 320000, 473920, 412160};
    private static final long[] CHANNELS = {32, 16, 24, 24, 32, 32, 32, 64, 64, 64, 64, 96, 96, 96, 160, 160, 160, 320, 1280};

    private final SchedulePlan plan = new SchedulePlan();

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply(); // the theme defines the colours workbench.css looks up, as in the window
        List<LayerGroup> groups = new ArrayList<>();
        for (int g = 0; g < PARAMETERS.length; g++) {
            groups.add(new LayerGroup(g, "features." + g, List.of("features." + g + "."), PARAMETERS[g], false,
                    List.of(CHANNELS[g], 7L, 7L)));
        }
        groups.add(new LayerGroup(19, "head", List.of("head."), 6405, true, List.of(5L)));
        plan.setLayout(new ModelLayout(new ModelInfo("mobilenet_v2", "MobileNetV2", "bundled", "x", "torchscript",
                2_223_872, 224, 3, "p", "MIT"), 1280, groups));
        plan.applyPreset(Schedule.parse("full"));
        LayerMap map = new LayerMap(plan);
        map.getStylesheets().add(WorkbenchView.class.getResource("workbench.css").toExternalForm()); // as the window has it
        // the map's width in a 1200-pixel window (a 1440-pixel one gives it 1180)
        stage.setScene(new Scene(map, 940, 300));
        stage.show();
    }

    @Test
    void everyBlockShowsItsNameAndNoLabelIsCut(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        List<Button> blocks = robot.lookup(".layer-block").queryAllAs(Button.class).stream().toList();
        assertThat(blocks).hasSize(20);
        for (int g = 0; g < 19; g++) {
            assertThat(blocks.get(g).getText()).as("block " + g).startsWith(String.valueOf(g));
        }
        assertThat(blocks.get(19).getText()).startsWith("head");
        assertThat(blocks.get(18).getText()).as("a wide block shows every line").isEqualTo("18\n412k\n1280 ch");
        LayerMapTest.assertNothingCut(blocks);
    }

    @Test
    void bitFitShowsEveryBackboneGroupAsTuningOnlyItsScalesAndTheHeadAsTraining(FxRobot robot) {
        robot.interact(() -> plan.applyPreset(Schedule.parse("bitfit")));
        List<Button> blocks = robot.lookup(".layer-block").queryAllAs(Button.class).stream().toList();
        assertThat(blocks).hasSize(20);
        for (int g = 0; g < 19; g++) {
            assertThat(blocks.get(g).getStyleClass()).as("block " + g).contains("scales-only").doesNotContain("trainable");
            assertThat(blocks.get(g).getAccessibleText()).contains("only its scales, shifts and biases train");
        }
        assertThat(blocks.get(19).getStyleClass()).as("the head trains whole").contains("trainable");
        LayerMapTest.assertNothingCut(blocks);
        robot.interact(() -> plan.applyPreset(Schedule.parse("full")));
        assertThat(robot.lookup(".scales-only").queryAll()).as("back to whole groups").isEmpty();
    }
}
