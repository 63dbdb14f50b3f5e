package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan given by hand that trains to its end without learning its images is told so, with what to try; a baseline
 * from scratch only when it diverged.
 */
class NotLearnedTest {
    @TempDir
    Path workspace;
    @TempDir
    Path runs;

    @Test
    void aWholeNetworkFineTuneAtARateThatDivergesIsToldSoJustBeforeItEnds() throws Exception {
        List<TrainingEvent> events = train(10, 4, "diverging");

        TrainingEvent last = events.get(events.size() - 1);
        assertThat(last).isInstanceOf(TrainingEvent.Finished.class);
        TrainingEvent beforeLast = events.get(events.size() - 2);
        assertThat(beforeLast).isInstanceOf(TrainingEvent.NotLearned.class);
        TrainingEvent.NotLearned told = (TrainingEvent.NotLearned) beforeLast;
        assertThat(told.diverged()).isTrue();
        assertThat(told.message()).startsWith("This run diverged: its training loss")
                .contains("a learning rate ten times lower");
        assertThat(events).filteredOn(TrainingEvent.NotLearned.class::isInstance).hasSize(1);
    }

    @Test
    void atItsDefaultRateItIsToldItLearnedLittleInFourEpochsAndNothingInTwelve() throws Exception {
        double rate = RecipeCodec.defaults().learningRate().base();
        // measured: the small CNN's loss on these 40 images falls from 1.74 to 1.40 in four epochs (a guess: 1.61)
        List<TrainingEvent> shortRun = train(rate, 4, "short");
        TrainingEvent.NotLearned told = (TrainingEvent.NotLearned) shortRun.get(shortRun.size() - 2);
        assertThat(told.diverged()).isFalse();
        assertThat(told.message()).startsWith("This run learned little of its training images: its training loss")
                .contains("Train for more epochs");

        List<TrainingEvent> longer = train(rate, 12, "longer");
        assertThat(longer.get(longer.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        assertThat(longer).noneMatch(TrainingEvent.NotLearned.class::isInstance);
    }

    @Test
    void aBaselineFromScratchThatLearnedLittleIsNotWarnedAbout() throws Exception {
        List<TrainingEvent> events = train(RecipeCodec.defaults().learningRate().base(), 4, "baseline", true);

        List<Double> losses = events.stream().filter(TrainingEvent.EpochDone.class::isInstance)
                .map(e -> ((TrainingEvent.EpochDone) e).trainLoss()).toList();
        assertThat(losses.subList(2, 4)).as("it learned little: a run given by hand would be warned")
                .allMatch(loss -> loss >= LearningWatch.LEARNED_BELOW * Math.log(5));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        assertThat(events).noneMatch(TrainingEvent.NotLearned.class::isInstance);
    }

    private List<TrainingEvent> train(double rate, int epochs, String name) throws Exception {
        return train(rate, epochs, name, false);
    }

    private List<TrainingEvent> train(double rate, int epochs, String name, boolean fromScratch) throws Exception {
        Recipe d = RecipeCodec.defaults();
        Recipe.LearningRate rates = new Recipe.LearningRate(rate, d.learningRate().schedule(),
                d.learningRate().discriminative(), null);
        Recipe recipe = d.withModel("fashion_cnn")
                .withData(new Recipe.Data(TestData.samplePerClass(runs, 8).toString(), null, 0.2, 0, null))
                .withPlan(Schedule.parse("full"), null, rates, epochs, d.batchNorm(), d.augmentation())
                .withFromScratch(fromScratch);
        return TestData.runToEnd(TestData.service(workspace).start(recipe, runs.resolve(name)));
    }
}
