package dev.unfreeze.ui;

import dev.unfreeze.ui.shared.TrainingMonitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run that trained on every image (the automatic plan's refit) has no validation images of its own: the
 * Results step counts its matrix and per-class figures from the plan's answers on its folds instead.
 */
class FoldResultsTest {
    private static final List<String> CLASSES = List.of("Bag", "Sandal", "Shirt");
    private static final List<ValidationPrediction> FOLDS = List.of(
            new ValidationPrediction("a.png", "Bag", "Bag", 0.9),
            new ValidationPrediction("b.png", "Bag", "Shirt", 0.6),
            new ValidationPrediction("c.png", "Sandal", "Sandal", 0.8),
            new ValidationPrediction("d.png", "Shirt", "Shirt", 0.7),
            new ValidationPrediction("e.png", "Shirt", "Shirt", 0.95));

    @Test
    void aRunWithoutValidationImagesShowsTheFoldsAnswers() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.accept(run(0, new int[3][3]));
        assertThat(monitor.foldResultsProperty().get()).isFalse();

        monitor.showFoldResults(FOLDS);

        assertThat(monitor.confusionProperty().get()).isDeepEqualTo(new int[][] {{1, 0, 1}, {0, 1, 0}, {0, 0, 2}});
        List<ClassMetrics> perClass = monitor.perClassProperty().get();
        assertThat(perClass).extracting(ClassMetrics::name).containsExactlyElementsOf(CLASSES);
        ClassMetrics bag = perClass.get(0);
        assertThat(bag.precision()).isEqualTo(1.0);
        assertThat(bag.recall()).isEqualTo(0.5);
        assertThat(bag.f1()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(bag.support()).isEqualTo(2);
        ClassMetrics shirt = perClass.get(2);
        assertThat(shirt.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(shirt.recall()).isEqualTo(1.0);
        assertThat(monitor.foldResultsProperty().get()).as("the Results step says where the figures come from").isTrue();

        monitor.reset();
        assertThat(monitor.foldResultsProperty().get()).isFalse();
    }

    @Test
    void aRunWithValidationImagesKeepsItsBestEpochsMatrix() {
        TrainingMonitor monitor = new TrainingMonitor();
        int[][] validation = {{3, 0, 0}, {0, 2, 1}, {0, 0, 4}};
        monitor.accept(run(0, validation));

        monitor.showFoldResults(FOLDS);

        assertThat(monitor.confusionProperty().get()).isDeepEqualTo(validation);
        assertThat(monitor.foldResultsProperty().get()).isFalse();
    }

    @Test
    void aCancelledRunShowsNothingOfTheSearch() {
        TrainingMonitor monitor = new TrainingMonitor();
        List<TrainingEvent> events = new ArrayList<>(run(0, new int[3][3]));
        events.set(events.size() - 1, new TrainingEvent.Cancelled(0, 2));
        monitor.accept(events);

        monitor.showFoldResults(FOLDS);

        assertThat(monitor.foldResultsProperty().get()).isFalse();
    }

    private static List<TrainingEvent> run(int epoch, int[][] confusion) {
        List<TrainingEvent> events = new ArrayList<>();
        events.add(new TrainingEvent.RunStarted("mobilenet_v2", "cpu()", CLASSES, List.of("features.0"), 60, 0, 1, 0, 4,
                List.of()));
        events.add(new TrainingEvent.EpochDone(epoch, 0.3, 0.9, Double.NaN, Double.NaN,
                CLASSES.stream().map(c -> new ClassMetrics(c, 0, 0, 0, 0)).toList(), confusion, 1000, 1.0));
        events.add(new TrainingEvent.CheckpointSaved(epoch, "best.ckpt", true));
        events.add(new TrainingEvent.Finished(1, Double.NaN, Double.NaN, 0, false));
        return events;
    }
}
