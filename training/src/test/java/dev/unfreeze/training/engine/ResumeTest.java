package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped after an epoch continues from its last checkpoint as if it had never stopped. */
class ResumeTest {

    @Test
    void aCancelledRunResumesAtTheRightEpochWithoutGapsOrDuplicates(@TempDir Path workspace, @TempDir Path run)
            throws Exception {
        InProcessTrainingService service = TestData.service(workspace);
        RunHandle first = service.start(TestData.smallCnnRecipe("gradual", 4), run);
        first.events().subscribe(new CancelAfterSecondCheckpoint(first));
        TrainingEvent stopped = first.completion().get(5, TimeUnit.MINUTES);
        assertThat(stopped).isEqualTo(new TrainingEvent.Cancelled(2, 0));
        Checkpoint saved = CheckpointStore.read(new RunFolder(run).lastCheckpoint()).header();
        assertThat(saved.epoch()).isEqualTo(1);
        Map<String, byte[]> weightsAtStop = Weights.ofCheckpoint(new RunFolder(run).lastCheckpoint());

        List<TrainingEvent> resumed = TestData.runToEnd(service.resume(run));

        TrainingEvent.RunStarted started = TestData.started(resumed);
        assertThat(started.startEpoch()).isEqualTo(2);
        // The schedule continues where it stood: block2 thaws in epoch 2, block1 in epoch 3.
        assertThat(resumed.stream().filter(TrainingEvent.GroupThawed.class::isInstance))
                .containsExactly(new TrainingEvent.GroupThawed(2, 1, "block2"), new TrainingEvent.GroupThawed(3, 0, "block1"));
        // The global step continues too, so the learning-rate schedule has no jump back.
        TrainingEvent.BatchDone firstBatch = (TrainingEvent.BatchDone) resumed.stream()
                .filter(TrainingEvent.BatchDone.class::isInstance).findFirst().orElseThrow();
        assertThat(firstBatch.step()).isEqualTo(saved.step() + 1);
        TrainingEvent.Finished finished = (TrainingEvent.Finished) resumed.get(resumed.size() - 1);
        assertThat(finished.epochsRun()).isEqualTo(4);
        assertThat(finished.bestValAccuracy()).isGreaterThanOrEqualTo(saved.bestValAccuracy());

        // The log holds each epoch exactly once across both sessions.
        List<Integer> epochs = new RunFolder(run).events().stream().filter(TrainingEvent.EpochDone.class::isInstance)
                .map(e -> ((TrainingEvent.EpochDone) e).epoch()).toList();
        assertThat(epochs).containsExactly(0, 1, 2, 3);
        assertThat(Weights.ofCheckpoint(new RunFolder(run).lastCheckpoint())).isNotEqualTo(weightsAtStop);
    }

    /** Cancels the run once the checkpoint of its second epoch is on disk. */
    private static final class CancelAfterSecondCheckpoint implements Flow.Subscriber<TrainingEvent> {
        private final RunHandle handle;

        CancelAfterSecondCheckpoint(RunHandle handle) {
            this.handle = handle;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(TrainingEvent event) {
            if (event instanceof TrainingEvent.CheckpointSaved saved && saved.epoch() == 1 && !saved.best()) {
                handle.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onComplete() {}
    }
}
