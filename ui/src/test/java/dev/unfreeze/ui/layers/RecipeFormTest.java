package dev.unfreeze.ui.layers;

import dev.unfreeze.ui.FakeServices;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.WorkbenchViewModel;
import dev.unfreeze.ui.shared.WorkbenchState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Every recipe setting in the window: typed in, checked as the validator checks it, shown as the JSON Train runs, saved and opened. */
@ExtendWith(ApplicationExtension.class)
class RecipeFormTest {
    private WorkbenchViewModel model;
    private Scene scene;
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        model = FakeServices.viewModel();
        scene = new Scene(new WorkbenchView(model), 1200, 800);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aTypedSettingChangesTheRecipeAndABrokenRuleShowsItsSentenceAndDisablesTrain(FxRobot robot) throws Exception {
        robot.interact(() -> {
            model.models().loadModels("fashion_cnn");
            model.data().openDataset(FakeServices.sample());
            model.stepProperty().set(WorkbenchState.Step.LAYERS);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.state().datasetProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.plan().recipe(false)).as("untouched, the form is the shared defaults")
                .isEqualTo(RecipeCodec.defaults().withModel("fashion_cnn").withData(new Recipe.Data(
                        model.state().datasetProperty().get().location(), null, 0.2, 0, null)));

        type(robot, "#setting-batchSize", "16");
        assertThat(model.plan().recipe(false).batchSize()).isEqualTo(16);
        assertThat(trainDisabled(robot)).isFalse();

        type(robot, "#setting-batchSize", "0");
        assertThat(robot.lookup("#problem-batchSize").queryAs(Label.class).getText())
                .isEqualTo("'batchSize' must be between 1 and 4096, not 0");
        assertThat(trainDisabled(robot)).as("Train waits until the sentence is answered").isTrue();

        robot.interact(() -> robot.lookup("#advanced-settings").queryAs(TitledPane.class).setExpanded(true));
        type(robot, "#setting-optimizer-weightDecay", "a lot");
        assertThat(robot.lookup("#problem-optimizer-weightDecay").queryAs(Label.class).getText())
                .isEqualTo("'optimizer.weightDecay' must be a number, not 'a lot'");
        robot.interact(() -> robot.lookup("#recipe-json-pane").queryAs(TitledPane.class).setExpanded(true));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node form = robot.lookup("#recipe-form").query();
        java.util.concurrent.atomic.AtomicReference<javafx.scene.image.WritableImage> picture = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> picture.set(form.snapshot(null, null)));
        Files.createDirectories(Path.of("target", "screenshots"));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(picture.get(), null), "png",
                Path.of("target", "screenshots", "3-settings.png").toFile());
        type(robot, "#setting-optimizer-weightDecay", "0.0005");
        type(robot, "#setting-batchSize", "24");
        assertThat(robot.lookup("#problem-batchSize").queryAs(Label.class).getText()).isEmpty();
        assertThat(trainDisabled(robot)).isFalse();
        robot.interact(() -> robot.lookup("#setting-optimizer-type").queryAs(ComboBox.class).getSelectionModel().select(
                Recipe.Optimizer.Type.ADAMW));
        robot.interact(() -> robot.lookup("#setting-augmentation").queryAs(ComboBox.class).getSelectionModel().select("flips"));
        assertThat(model.plan().recipe(false).augmentation()).isEqualTo(Recipe.Augmentation.FLIPS);
        type(robot, "#setting-augmentation-translate", "0.7");
        assertThat(robot.lookup("#problem-augmentation-translate").queryAs(Label.class).getText())
                .isEqualTo("'augmentation.translate' must be between 0 and 0.5 of the side, not 0.7");
        type(robot, "#setting-augmentation-translate", "0.1");
        type(robot, "#setting-augmentation-rotation", "5");
        assertThat(model.plan().recipe(false).augmentation()).as("a rotation typed after the shift keeps it")
                .isEqualTo(new Recipe.Augmentation(true, false, 5, 0, 0.1));
        robot.interact(() -> robot.lookup("#setting-augmentation").queryAs(ComboBox.class).getSelectionModel().select("none"));

        Recipe recipe = model.plan().recipe(false);
        assertThat(recipe.batchSize()).isEqualTo(24);
        assertThat(recipe.optimizer().weightDecay()).isEqualTo(0.0005);
        assertThat(recipe.optimizer().type()).isEqualTo(Recipe.Optimizer.Type.ADAMW);
        assertThat(recipe.augmentation()).isEqualTo(Recipe.Augmentation.NONE);
        WaitForAsyncUtils.waitForFxEvents();
        String json = robot.lookup("#recipe-json").queryAs(TextArea.class).getText();
        assertThat(RecipeCodec.parse(json)).as("the JSON shown is the recipe Train runs").isEqualTo(recipe);

        // saved, then opened after a change: the saved recipe comes back, and reads as `train --recipe` reads it
        Path file = dir.resolve("recipe.json");
        robot.interact(() -> model.plan().saveRecipe(file));
        assertThat(RecipeCodec.read(file)).isEqualTo(recipe);
        type(robot, "#setting-batchSize", "64");
        robot.interact(() -> model.plan().openRecipe(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.plan().settings().recipeProperty().get().batchSize() == 24);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.plan().recipe(false)).isEqualTo(recipe);
        assertThat(robot.lookup("#setting-batchSize").queryAs(TextField.class).getText()).isEqualTo("24");
        assertThat(Files.readString(file)).contains("\"adamw\"");
    }

    /** Whether the Train step's Train button is disabled (that step is shown for the look, then Layers again). */
    private boolean trainDisabled(FxRobot robot) {
        robot.interact(() -> model.stepProperty().set(WorkbenchState.Step.TRAIN));
        boolean disabled = robot.lookup("#train").queryAs(Button.class).isDisabled();
        robot.interact(() -> model.stepProperty().set(WorkbenchState.Step.LAYERS));
        return disabled;
    }

    /** Focuses the field, replaces its text by typing and presses Enter. */
    private static void type(FxRobot robot, String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        robot.interact(() -> {
            field.requestFocus();
            field.selectAll();
        });
        robot.press(KeyCode.BACK_SPACE).release(KeyCode.BACK_SPACE);
        robot.write(text);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
