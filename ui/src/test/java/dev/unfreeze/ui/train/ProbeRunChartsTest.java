package dev.unfreeze.ui.train;

import dev.unfreeze.ui.shared.Point;
import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.ui.train.TrainView;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.TrainingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A final run that fits a linear probe on every labelled image has solver iterations without a
 * learning rate and no validation images: its charts stay empty (and say why) instead of drawing a
 * flat zero on a collapsed axis.
 */
class ProbeRunChartsTest {
    @Test
    void solverIterationsAndAnEpochWithoutValidationImagesDrawNothingButTheLoss() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.reset();
        monitor.accept(List.of(
                new TrainingEvent.RunStarted("m", "cpu()", List.of("a", "b"), List.of("block1"), 40, 0, 1, 0, 1, List.of()),
                new TrainingEvent.BatchDone(0, 0, 1, 0.69, 0, 0, true),
                new TrainingEvent.BatchDone(0, 1, 2, 0.31, 0, 0, true),
                new TrainingEvent.EpochDone(0, 0.31, 1.0, Double.NaN, 0, List.<ClassMetrics>of(), new int[2][2], 2562, 0.4)));
        assertThat(monitor.batchLoss()).hasSize(2);
        assertThat(monitor.learningRate()).isEmpty();
        assertThat(monitor.valLoss()).isEmpty();
        assertThat(monitor.valAccuracy()).isEmpty();
        assertThat(monitor.withoutValidationProperty().get()).isTrue();
        assertThat(monitor.solverIterationsProperty().get()).isTrue();

        // an ordinary fine-tuning epoch still draws both
        monitor.accept(List.of(new TrainingEvent.BatchDone(1, 0, 3, 0.3, 0.01, 20, false),
                new TrainingEvent.EpochDone(1, 0.3, 1.0, 0.4, 0.9, List.<ClassMetrics>of(), new int[2][2], 2562, 0.4)));
        assertThat(monitor.learningRate()).containsExactly(new Point(3, 0.01));
        assertThat(monitor.valAccuracy()).containsExactly(new Point(2, 0.9));

        // a new run starts without either: its empty charts say nothing yet
        monitor.reset();
        assertThat(monitor.withoutValidationProperty().get()).isFalse();
        assertThat(monitor.solverIterationsProperty().get()).isFalse();
    }

    @Test
    void theProvisionalModelIsShownWhileTheSearchGoesOnAndNotAfterTheRun() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.reset();
        TrainingEvent.ModelReady ready = new TrainingEvent.ModelReady("linear-probe", true, 0.825, Double.NaN, 9.6);
        monitor.accept(List.of(new TrainingEvent.PlanProgress("Linear probe: fold 3 of 3", 0.02), ready));
        assertThat(monitor.readyModelProperty().get()).isEqualTo(ready);
        assertThat(TrainView.readyText(ready, true)).startsWith("A model is ready after 10 s: the linear probe, 82.5% on the "
                + "held-out folds. It predicts and exports now");
        assertThat(TrainView.readyText(new TrainingEvent.ModelReady("linear-probe", true, 0.825, 0.9, 9.6), true))
                .contains("82.5% on the held-out folds and 90.0% on the test images.");
        assertThat(TrainView.readyText(new TrainingEvent.ModelReady("linear-probe", true, Double.NaN, Double.NaN, 7.6), true))
                .as("ready before its folds are scored").startsWith("A model is ready after 8 s: the linear probe (its "
                        + "score on the held-out folds follows on the leaderboard). It predicts").doesNotContain("NaN");
        monitor.accept(List.of(new TrainingEvent.Finished(3, Double.NaN, Double.NaN, 2, false)));
        assertThat(TrainView.readyText(monitor.readyModelProperty().get(), monitor.runningProperty().get())).isEmpty();
        monitor.reset();
        assertThat(monitor.readyModelProperty().get()).isNull();
    }

    @Test
    void theChosenPlansModelIsShownAsReadyWhileItIsScoredOnTheFoldsThatFollowIt() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.reset();
        TrainingEvent.ModelReady ready = new TrainingEvent.ModelReady("full", false, Double.NaN, Double.NaN, 124.4);
        monitor.accept(List.of(new TrainingEvent.PlanProgress("Linear probe: fold 5 of 5", 0.1),
                new TrainingEvent.RunStarted("mobilenet_v2", "cpu()", List.of("a", "b"), List.of("g1"), 50, 0, 50, 0, 4,
                        List.of()), ready, new TrainingEvent.PlanProgress("full, fold 1 of 5: epoch 3 of 50", 0.5)));
        assertThat(TrainView.readyText(ready, true)).isEqualTo("The adapted model (full) is ready after 124 s. It"
                + " predicts and exports now; its score on the held-out folds follows on the leaderboard.");
        assertThat(monitor.progressProperty().get()).as("not a search any more")
                .isEqualTo("The model is ready; scoring it on the held-out folds: full, fold 1 of 5: epoch 3 of 50");
        monitor.accept(List.of(new TrainingEvent.Finished(50, Double.NaN, Double.NaN, 49, false)));
        assertThat(TrainView.readyText(monitor.readyModelProperty().get(), monitor.runningProperty().get())).isEmpty();
    }
}
