package dev.unfreeze.ui;

import dev.unfreeze.ui.shared.ResultsSource;
import dev.unfreeze.ui.shared.TrainingMonitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run that trained on every image (the automatic plan's refit) has no validation images of its own: the
 * Results step counts its matrix and per-class figures from the dataset's test part when it has one, else from the
 * plan's answers on its folds.
 */
class FoldResultsTest {
    private static final List<String> CLASSES = List.of("Bag", "Sandal", "Shirt");
    private static final List<ValidationPrediction> FOLDS = List.of(
            new ValidationPrediction("a.png", "Bag", "Bag", 0.9),
            new ValidationPrediction("b.png", "Bag", "Shirt", 0.6),
            new ValidationPrediction("c.png", "Sandal", "Sandal", 0.8),
            new ValidationPrediction("d.png", "Shirt", "Shirt", 0.7),
            new ValidationPrediction("e.png", "Shirt", "Shirt", 0.95));
    private static final List<ValidationPrediction> TEST = List.of(
            new ValidationPrediction("test/t1.png", "Bag", "Bag", 0.8),
            new ValidationPrediction("test/t2.png", "Sandal", "Shirt", 0.7),
            new ValidationPrediction("test/t3.png", "Shirt", "Shirt", 0.9));

    @Test
    void aRunWithoutValidationImagesShowsTheFoldsAnswers() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.accept(run(0, new int[3][3]));
        assertThat(monitor.resultsSourceProperty().get()).isEqualTo(ResultsSource.VALIDATION);

        monitor.showHeldOutAnswers(FOLDS, List.of());

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
        assertThat(monitor.resultsSourceProperty().get()).as("the Results step says where the figures come from")
                .isEqualTo(ResultsSource.FOLDS);

        monitor.reset();
        assertThat(monitor.resultsSourceProperty().get()).isEqualTo(ResultsSource.VALIDATION);
    }

    @Test
    void theClosingLineCitesThePlansFoldsOnlyWhenTheyScoredTheChosenPlan() {
        for (PlanReport.Outcome outcome : new PlanReport.Outcome[] {PlanReport.Outcome.SCORED,
                PlanReport.Outcome.NOT_TRIED}) {
            TrainingMonitor monitor = new TrainingMonitor();
            monitor.accept(List.of(new TrainingEvent.PlanChosen(new PlanReport("bitfit", "why", 5, 0, 10, 9, null,
                    List.of(new PlanReport.Candidate("bitfit", "bitfit", outcome, "status", 0.8, 0.1, 0.4, 1, 5,
                            List.of(0.8), RecipeCodec.defaults()))))));
            monitor.accept(run(0, new int[3][3]));
            assertThat(monitor.progressProperty().get()).as(outcome.name()).startsWith("Finished after 1 epoch")
                    .contains(outcome == PlanReport.Outcome.SCORED ? "(the plan's folds estimated its accuracy)"
                            : "(no image was held out to estimate its accuracy)");
        }
    }

    @Test
    void aDatasetsOwnTestPartIsShownRatherThanTheFoldsAnswers() {
        TrainingMonitor monitor = new TrainingMonitor();
        monitor.accept(run(0, new int[3][3]));

        monitor.showHeldOutAnswers(FOLDS, TEST);

        assertThat(monitor.confusionProperty().get()).isDeepEqualTo(new int[][] {{1, 0, 0}, {0, 0, 1}, {0, 0, 1}});
        assertThat(monitor.perClassProperty().get()).extracting(ClassMetrics::support).containsExactly(1, 1, 1);
        assertThat(monitor.resultsSourceProperty().get()).isEqualTo(ResultsSource.TEST);
    }

    @Test
    void aRunWithValidationImagesKeepsItsBestEpochsMatrix() {
        TrainingMonitor monitor = new TrainingMonitor();
        int[][] validation = {{3, 0, 0}, {0, 2, 1}, {0, 0, 4}};
        monitor.accept(run(0, validation));

        monitor.showHeldOutAnswers(FOLDS, TEST);

        assertThat(monitor.confusionProperty().get()).isDeepEqualTo(validation);
        assertThat(monitor.resultsSourceProperty().get()).isEqualTo(ResultsSource.VALIDATION);
    }

    @Test
    void aCancelledRunShowsNothingOfTheSearch() {
        TrainingMonitor monitor = new TrainingMonitor();
        List<TrainingEvent> events = new ArrayList<>(run(0, new int[3][3]));
        events.set(events.size() - 1, new TrainingEvent.Cancelled(0, 2));
        monitor.accept(events);

        monitor.showHeldOutAnswers(FOLDS, TEST);

        assertThat(monitor.resultsSourceProperty().get()).isEqualTo(ResultsSource.VALIDATION);
        assertThat(monitor.confusionProperty().get()).as("nothing counted").isDeepEqualTo(new int[3][3]);
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
