package dev.unfreeze.ui.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.ui.FakeServices;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.WorkbenchViewModel;
import dev.unfreeze.ui.shared.Theme;
import dev.unfreeze.ui.shared.TrainingMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A run that trained to its end without learning its images says so where its end is told, marked as a warning. */
@ExtendWith(ApplicationExtension.class)
class NotLearnedWarningTest {
    private final WorkbenchViewModel model = FakeServices.viewModel();
    private Scene scene;

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        scene = new Scene(new TrainView(model.training()), 1000, 700);
        scene.getStylesheets().add(WorkbenchView.class.getResource("workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theClosingLineCarriesTheWarningUntilTheNextRun(FxRobot robot) throws Exception {
        TrainingMonitor monitor = model.training().monitor();
        TrainingEvent.NotLearned diverged = new TrainingEvent.NotLearned(true,
                "its training loss became NaN");
        robot.interact(() -> {
            monitor.reset();
            monitor.accept(List.of(
                    new TrainingEvent.RunStarted("mobilenet_v2", "cpu()", List.of("a", "b"), List.of("head"), 40, 10,
                            2, 0, 3, List.of()),
                    new TrainingEvent.EpochDone(0, 0.9, 0.5, 0.7, 0.5, List.<ClassMetrics>of(), new int[2][2], 10, 1),
                    new TrainingEvent.EpochDone(1, Double.NaN, 0.5, Double.NaN, 0.5, List.<ClassMetrics>of(),
                            new int[2][2], 10, 1),
                    diverged, new TrainingEvent.Finished(2, 0.5, 0.7, 0, false)));
        });
        Label progress = (Label) scene.lookup("#progress");
        assertThat(progress.getText()).startsWith("Finished after 2 epochs: best validation accuracy 50.0% (epoch 1).")
                .endsWith(" " + diverged.message());
        assertThat(progress.getStyleClass()).contains("not-learned");

        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        robot.interact(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(progress.getParent().snapshot(null, null), null), "png",
                        shots.resolve("train-not-learned.png").toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        robot.interact(monitor::reset);
        assertThat(progress.getStyleClass()).doesNotContain("not-learned");
        assertThat(progress.getText()).doesNotContain("diverged");
    }
}
