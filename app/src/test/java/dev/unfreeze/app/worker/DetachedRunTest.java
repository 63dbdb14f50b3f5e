package dev.unfreeze.app.worker;

import dev.unfreeze.training.api.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TemporaryHome;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A run the user lets finish when the window closes goes on alone, and a later start picks it up. */
class DetachedRunTest {
    @RegisterExtension
    static final TemporaryHome HOME = new TemporaryHome();

    @Test
    void aDetachedRunOutlivesItsClientAndCanBeFollowed(@TempDir Path run) throws Exception {
        RunHandle handle = new WorkerTrainingService(List.of("-Xmx1g"), Duration.ofSeconds(2))
                .start(WorkerFixtures.recipe(12), run);
        CompletableFuture<Void> firstEpoch = new CompletableFuture<>();
        WorkerFixtures.subscribe(handle.events(), e -> {
            if (e instanceof TrainingEvent.EpochDone) {
                firstEpoch.complete(null);
            }
        });
        firstEpoch.get(2, TimeUnit.MINUTES);
        assertThat(handle.detach()).isTrue();
        ((WorkerRunHandle) handle).closeRequests(); // the window's process goes away

        // A later start: the run is listed as running, and following it shows it to its end.
        assertThat(RunSummary.of(run).status()).isIn(RunStatus.RUNNING, RunStatus.FINISHED);
        List<TrainingEvent> followed = WorkerFixtures.collect(EventLogFollower.follow(run, Duration.ofMillis(100)), 3);
        assertThat(followed).filteredOn(e -> !(e instanceof TrainingEvent.Preparing)).first()
                .isInstanceOf(TrainingEvent.RunStarted.class);
        assertThat(followed).last().isInstanceOfSatisfying(TrainingEvent.Finished.class,
                f -> assertThat(f.epochsRun()).isEqualTo(12));
        assertThat(RunSummary.of(run).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(new RunFolder(run).events()).last().isInstanceOf(TrainingEvent.Finished.class);
    }

    @Test
    void followingARunWhoseWorkerDiedReportsItInsteadOfWaiting(@TempDir Path run) throws Exception {
        RunHandle handle = new WorkerTrainingService(List.of("-Xmx1g"), Duration.ofSeconds(2))
                .start(WorkerFixtures.recipe(1), run);
        handle.completion().get(2, TimeUnit.MINUTES);
        // Pretend the run never ended: drop its last event, as a worker killed without a client would leave it.
        RunFolder folder = new RunFolder(run);
        folder.truncateAfterEpoch(0);
        List<TrainingEvent> followed = WorkerFixtures.collect(EventLogFollower.follow(run, Duration.ofMillis(100)), 1);
        assertThat(followed).last().isInstanceOfSatisfying(TrainingEvent.Failed.class,
                f -> assertThat(f.message()).contains("no longer running"));
    }
}
