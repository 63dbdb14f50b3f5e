package dev.unfreeze.ui.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.ui.FakeServices;
import dev.unfreeze.ui.WorkbenchViewModel;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A run that fits its temperature on its held-out answers makes its percentages agree with those answers by design,
 * so the Results step's sentence must not offer that agreement as a check; on test images it still is one.
 */
@ExtendWith(ApplicationExtension.class)
class FittedTemperatureTrustTest {
    private final WorkbenchViewModel model = FakeServices.viewModel();

    @Start
    void start(Stage stage) {
        ResultsStage.show(stage, model);
    }

    @Test
    void heldOutAnswersTheTemperatureWasFittedOnAreNotOfferedAsACheck(FxRobot robot) {
        List<ValidationPrediction> heldOut = answers(19, 1, 0.95);
        robot.interact(() -> model.results().showAnswers(heldOut, List.of()));
        assertThat(trust(robot)).endsWith("can be read as they are.");

        robot.interact(() -> model.training().monitor().accept(List.of(new TrainingEvent.TemperatureFitted(1.69, 20))));
        assertThat(trust(robot)).startsWith("On these 20 images the answers were right 95% of the time")
                .contains("divided by 1.69 to fit these very answers, so they cannot check its percentages")
                .endsWith("a test part in the dataset, or \"unfreeze evaluate\" on a folder of them.");

        // with a test part, its answers are the check
        robot.interact(() -> model.results().showAnswers(heldOut, answers(90, 10, 0.97)));
        assertThat(trust(robot)).contains("so they cannot check its percentages. On the dataset's 100 test images, "
                + "which can, they were right 90% of the time and given with 97% confidence on average: the "
                + "percentages overstate how often they are right");

        robot.interact(() -> model.training().monitor().accept(List.of(new TrainingEvent.TemperatureFitted(1, 20))));
        assertThat(trust(robot)).as("a later best checkpoint that keeps its scores").doesNotContain("divided by");
        robot.interact(() -> model.training().monitor().accept(List.of(new TrainingEvent.TemperatureFitted(1.69, 20))));
        robot.interact(() -> model.training().monitor().reset());
        assertThat(trust(robot)).as("another run's answers").endsWith("can be read as they are.");
    }

    @Test
    void testAnswersStayACheckAfterAFittedTemperature(FxRobot robot) {
        List<String> classes = List.of("Bag", "Shirt");
        List<ValidationPrediction> test = answers(19, 1, 0.95);
        robot.interact(() -> {
            model.training().monitor().reset();
            // a final run on every labelled image whose dataset has a test part: the step shows the test answers
            model.training().monitor().accept(List.of(
                    new TrainingEvent.RunStarted("m", "cpu()", classes, List.of("g"), 40, 0, 1, 0, 1, List.of()),
                    new TrainingEvent.TemperatureFitted(1.69, 20),
                    new TrainingEvent.Finished(1, Double.NaN, Double.NaN, 0, false)));
            model.training().monitor().showHeldOutAnswers(List.of(), test);
            model.results().showAnswers(test, test);
        });
        assertThat(trust(robot)).endsWith("can be read as they are.");
    }

    private static String trust(FxRobot robot) {
        return robot.lookup("#confidence-trust").queryAs(Label.class).getText();
    }

    private static List<ValidationPrediction> answers(int right, int wrong, double confidence) {
        List<ValidationPrediction> answers = new ArrayList<>();
        for (int i = 0; i < right + wrong; i++) {
            String predicted = i < right ? "Bag" : "Shirt";
            answers.add(new ValidationPrediction("image-" + i + ".png", "Bag", predicted, confidence));
        }
        return answers;
    }
}
