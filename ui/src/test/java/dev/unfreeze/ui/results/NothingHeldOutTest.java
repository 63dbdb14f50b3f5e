package dev.unfreeze.ui.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.ui.FakeServices;
import dev.unfreeze.ui.WorkbenchViewModel;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A model that trained on every labelled image of a dataset without a test part, and whose plan scored it on no fold,
 * has no answers for the Results step to count: the step says so and where its figures can be had.
 */
@ExtendWith(ApplicationExtension.class)
class NothingHeldOutTest {
    private final WorkbenchViewModel model = FakeServices.viewModel();

    @Start
    void start(Stage stage) {
        ResultsStage.show(stage, model);
    }

    @Test
    void aModelFromWhichNothingWasHeldOutSaysSoInsteadOfAMatrixOfZeros(FxRobot robot) {
        List<String> classes = List.of("Bag", "Shirt");
        robot.interact(() -> {
            model.training().monitor().reset();
            model.training().monitor().accept(List.of(
                    new TrainingEvent.RunStarted("m", "cpu()", classes, List.of("g"), 40, 0, 1, 0, 1, List.of()),
                    new TrainingEvent.EpochDone(0, 0.3, 0.9, Double.NaN, Double.NaN, List.of(), new int[2][2], 10, 1),
                    new TrainingEvent.CheckpointSaved(0, "best.ckpt", true),
                    new TrainingEvent.Finished(1, Double.NaN, Double.NaN, 0, false)));
        });
        Label hint = robot.lookup("#nothing-held-out").queryAs(Label.class);
        assertThat(hint.isVisible()).isTrue();
        assertThat(hint.getText()).startsWith("No image was held out from this model").contains("unfreeze evaluate");

        List<ValidationPrediction> folds = List.of(new ValidationPrediction("a.png", "Bag", "Bag", 0.9));
        robot.interact(() -> model.training().monitor().showHeldOutAnswers(folds, List.of()));
        assertThat(hint.isVisible()).as("the plan's answers on its folds are counted").isFalse();
        robot.interact(() -> model.training().monitor().reset());
        assertThat(hint.isVisible()).as("a run under way").isFalse();
    }
}
