package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Whether a run learned its own training images, from its epochs' training losses. */
class LearningWatchTest {
    private static final double GUESS_OF_TWO = Math.log(2);

    @Test
    void aRunWhoseLossFellFarBelowAGuessLearnedEvenWithALastEpochThatSpiked() {
        // a final run of the benchmark (letters-2): near 0.01 for epochs, then one augmented epoch at 0.34
        LearningWatch watch = watched(2, 0.83, 0.75, 0.4, 0.1, 0.02, 0.01, 0.003, 0.335);
        assertThat(watch.notLearned()).isEmpty();
    }

    @Test
    void aRunWhoseLossStayedNearAGuessLearnedNothing() {
        // produce-2 at one seed, before the last shorter batch was scaled: the loss stayed near ln 2 for 50 epochs
        LearningWatch watch = watched(2, 0.9, 0.70, 0.69, 0.66, 0.68, 0.70, 0.61, 0.69);
        TrainingEvent.NotLearned verdict = watch.notLearned().orElseThrow();
        assertThat(verdict.diverged()).isFalse();
        assertThat(verdict.why()).contains("stayed at 0.61 or above over its last 4 epochs")
                .contains("among 2 classes scores 0.69");
        assertThat(verdict.message()).as("what the user reads: a loss that stayed high, a short run or wrong labels")
                .startsWith("This run learned little of its training images: its training loss stayed at 0.61")
                .contains("Train for more epochs").contains("check that the labels match the images");
    }

    @Test
    void theLineIsThreeQuartersOfAGuessAndOnlyTheSecondHalfCounts() {
        double justUnder = LearningWatch.LEARNED_BELOW * GUESS_OF_TWO - 1e-6;
        assertThat(watched(2, 0.01, 0.01, 0.7, justUnder).notLearned()).as("the first half's low loss does not count")
                .isEmpty();
        assertThat(watched(2, 0.01, 0.01, 0.7, justUnder + 2e-6).notLearned()).isPresent();
        // ten classes: a guess scores ln 10 = 2.30, so a loss of 1.5 (0.65 of it) has learned something
        assertThat(watched(10, 2.3, 2.0, 1.7, 1.5).notLearned()).isEmpty();
        assertThat(watched(10, 2.3, 2.0, 1.8, 1.8).notLearned()).isPresent();
    }

    @Test
    void aLossThatBecameNaNOrStayedAtTwiceAGuessIsARunThatDiverged() {
        TrainingEvent.NotLearned verdict = watched(3, 1.0, 0.5, 0.2, Double.NaN).notLearned().orElseThrow();
        assertThat(verdict.diverged()).isTrue();
        assertThat(verdict.why()).contains("NaN");
        assertThat(verdict.message()).as("a run that diverged points at its rate")
                .contains("a learning rate ten times lower");
        TrainingEvent.NotLearned far = watched(5, 29.2, 41.5, 45.3, 37.8).notLearned().orElseThrow();
        assertThat(far.diverged()).as("a loss far above a guess's is a run that diverged too").isTrue();
        assertThat(far.why()).contains("37.80 or above").contains("far above a guess's 1.61");
        assertThat(watched(5, 1.7, 1.6, 3.2, 3.3).notLearned().orElseThrow().diverged()).isFalse();
        assertThat(watched(5, 1.7, 1.6, 3.3, 3.3).notLearned().orElseThrow().diverged()).isTrue();
    }

    @Test
    void eachRunIsJudgedOnItsOwnEpochsAndARunOfNoEpochIsNotJudged() {
        LearningWatch watch = watched(2, 0.7, 0.7, 0.7, 0.7);
        watch.accept(started(2));
        assertThat(watch.notLearned()).as("a new run, no epoch yet").isEmpty();
        watch.accept(step(0.01));
        watch.accept(epoch(0.05));
        assertThat(watch.notLearned()).isEmpty();
    }

    @Test
    void aLinearProbesFitToConvergenceIsNotJudged() {
        // its solver iterations have no rate, and its loss is what the L2 strength chosen by cross-validation leaves
        LearningWatch watch = new LearningWatch();
        watch.accept(started(10));
        watch.accept(step(0));
        watch.accept(epoch(2.0));
        assertThat(watch.notLearned()).isEmpty();
        assertThat(watched(10, 2.0).notLearned()).as("the same loss after gradient steps").isPresent();
    }

    private static LearningWatch watched(int classes, double... losses) {
        LearningWatch watch = new LearningWatch();
        watch.accept(started(classes));
        for (double loss : losses) {
            watch.accept(step(0.01));
            watch.accept(epoch(loss));
        }
        return watch;
    }

    private static TrainingEvent.RunStarted started(int classes) {
        List<String> names = IntStream.range(0, classes).mapToObj(i -> "class " + i).toList();
        return new TrainingEvent.RunStarted("m", "cpu", names, List.of("g"), 20, 0, 8, 0, 2, List.of());
    }

    private static TrainingEvent.BatchDone step(double learningRate) {
        return new TrainingEvent.BatchDone(0, 0, 1, 0.5, learningRate, 100, learningRate == 0);
    }

    private static TrainingEvent.EpochDone epoch(double trainLoss) {
        return new TrainingEvent.EpochDone(0, trainLoss, 0.5, Double.NaN, 0, List.of(), new int[0][0], 1, 1);
    }
}
