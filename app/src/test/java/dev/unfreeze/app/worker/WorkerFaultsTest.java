package dev.unfreeze.app.worker;

import dev.unfreeze.training.api.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TemporaryHome;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.engine.CheckpointStore;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The faults a training process must survive, each injected for real. */
class WorkerFaultsTest {
    @RegisterExtension
    static final TemporaryHome HOME = new TemporaryHome();

    @AfterEach
    void noWorkerIsLeftBehind() throws Exception {
        List<ProcessHandle> left = WorkerFixtures.children();
        for (ProcessHandle child : left) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                child.destroyForcibly(); // so that one failure does not spill into the next test
            }
        }
        assertThat(left.stream().filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static WorkerTrainingService service(String... jvmOptions) {
        return new WorkerTrainingService(List.of(jvmOptions), Duration.ofSeconds(2));
    }

    @Test
    void killMinus9MidEpochIsReportedAndResumeContinuesWithoutGapsOrDuplicates(@TempDir Path run) throws Exception {
        WorkerTrainingService service = service("-Xmx1g");
        RunHandle first = service.start(WorkerFixtures.recipe(5), run);
        AtomicBoolean killed = new AtomicBoolean();
        List<TrainingEvent> before = WorkerFixtures.collect(first, e -> {
            if (e instanceof TrainingEvent.BatchDone b && b.epoch() == 2 && b.batch() == 1 && !killed.getAndSet(true)) {
                WorkerFixtures.children().forEach(ProcessHandle::destroyForcibly); // SIGKILL
            }
        });
        TrainingEvent.Failed failed = (TrainingEvent.Failed) before.get(before.size() - 1);
        assertThat(failed.message()).contains("the training process stopped unexpectedly (exit status 137)")
                .contains("resume");
        assertThat(failed.detail()).as("the end of the worker's log, or why there is none").isNotBlank();
        assertThat(new RunFolder(run).events()).last().isInstanceOf(TrainingEvent.Failed.class);
        assertThat(CheckpointStore.read(new RunFolder(run).lastCheckpoint()).header().epoch()).isEqualTo(1);
        RunSummary interrupted = RunSummary.of(run);
        assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(interrupted.resumable()).isTrue();
        assertThat(interrupted.epochsDone()).isEqualTo(2);

        List<TrainingEvent> after = WorkerFixtures.collect(service.resume(run));
        assertThat(WorkerFixtures.started(after).startEpoch()).isEqualTo(2);
        assertThat(after).last().isInstanceOf(TrainingEvent.Finished.class);

        List<TrainingEvent> log = new RunFolder(run).events();
        assertThat(log.stream().filter(TrainingEvent.EpochDone.class::isInstance).map(e -> ((TrainingEvent.EpochDone) e).epoch()))
                .containsExactly(0, 1, 2, 3, 4);
        List<Long> steps = log.stream().filter(TrainingEvent.BatchDone.class::isInstance)
                .map(e -> ((TrainingEvent.BatchDone) e).step()).toList();
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= steps.size(); s++) {
            expected.add(s);
        }
        assertThat(steps).as("one point per step, no gap, no duplicate").isEqualTo(expected);
        RunSummary finished = RunSummary.of(run);
        assertThat(finished.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(finished.valAccuracy()).hasSize(5);
        Set<Integer> thawed = new HashSet<>();
        log.stream().filter(TrainingEvent.GroupThawed.class::isInstance)
                .forEach(e -> assertThat(thawed.add(((TrainingEvent.GroupThawed) e).group())).isTrue());
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointStartsAgainWhenResumed(@TempDir Path run) throws Exception {
        WorkerTrainingService service = service("-Xmx1g");
        AtomicBoolean killed = new AtomicBoolean();
        WorkerFixtures.collect(service.start(WorkerFixtures.recipe(2), run), e -> {
            if (e instanceof TrainingEvent.BatchDone b && b.epoch() == 0 && b.batch() == 1 && !killed.getAndSet(true)) {
                WorkerFixtures.children().forEach(ProcessHandle::destroyForcibly); // SIGKILL in the first epoch
            }
        });
        assertThat(new RunFolder(run).lastCheckpoint()).doesNotExist();
        List<String> split = java.nio.file.Files.readAllLines(new RunFolder(run).splitFile());
        RunSummary interrupted = RunSummary.of(run);
        assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(interrupted.resumable()).isTrue();

        List<TrainingEvent> after = WorkerFixtures.collect(service.resume(run));
        assertThat(after.get(0)).isInstanceOfSatisfying(TrainingEvent.Notice.class,
                n -> assertThat(n.message()).contains("starts again from the beginning").contains("same split"));
        assertThat(after).filteredOn(TrainingEvent.RunStarted.class::isInstance).singleElement()
                .satisfies(s -> assertThat(((TrainingEvent.RunStarted) s).startEpoch()).isZero());
        assertThat(after).last().isInstanceOf(TrainingEvent.Finished.class);
        assertThat(java.nio.file.Files.readAllLines(new RunFolder(run).splitFile())).isEqualTo(split);
        List<TrainingEvent> log = new RunFolder(run).events();
        assertThat(log.stream().filter(TrainingEvent.EpochDone.class::isInstance).map(e -> ((TrainingEvent.EpochDone) e).epoch()))
                .containsExactly(0, 1);
        List<Long> steps = log.stream().filter(TrainingEvent.BatchDone.class::isInstance)
                .map(e -> ((TrainingEvent.BatchDone) e).step()).toList();
        assertThat(steps).as("the killed attempt's points are gone").doesNotHaveDuplicates().startsWith(1L);
        assertThat(RunSummary.of(run).status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void anExceptionInsideTheEngineIsReportedInPlainWords(@TempDir Path dir) throws Exception {
        // a TorchScript backbone that raises on its ninth forward pass (make_faulty_backbone.py beside it): the
        // engine itself fails, mid-run, with no fault hook in the product
        Path backbone = dir.resolve("fails-mid-training.pt");
        for (String file : List.of("fails-mid-training.pt", "fails-mid-training.json")) {
            try (var in = WorkerFaultsTest.class.getResourceAsStream("/faulty-backbone/" + file)) {
                java.nio.file.Files.copy(in, dir.resolve(file));
            }
        }
        List<TrainingEvent> events = WorkerFixtures.collect(service("-Xmx1g").start(
                dev.unfreeze.training.TestData.smallCnnRecipe("full", 3).withModel(backbone.toString()), dir.resolve("run")));
        TrainingEvent.Failed failed = (TrainingEvent.Failed) events.get(events.size() - 1);
        assertThat(events).as("it failed mid-run, after training began").anyMatch(TrainingEvent.BatchDone.class::isInstance);
        assertThat(failed.message()).contains("the backbone failed on purpose, at forward pass 9");
        assertThat(failed.detail()).contains("Exception");
    }

    @Test
    void runningOutOfMemoryIsReportedAsSuch(@TempDir Path run) throws Exception {
        List<TrainingEvent> events = WorkerFixtures.collect(
                service("-Xmx48m").start(WorkerFixtures.recipe(3).withModel("mobilenet_v2"), run));
        TrainingEvent.Failed failed = (TrainingEvent.Failed) events.get(events.size() - 1);
        assertThat(failed.message()).contains("out of memory");
    }

    @Test
    void cancelStopsWithinTwoSecondsAndKeepsTheLastCheckpoint(@TempDir Path run) throws Exception {
        RunHandle handle = service("-Xmx1g").start(WorkerFixtures.recipe(200), run);
        AtomicLong cancelledAt = new AtomicLong();
        List<TrainingEvent> events = WorkerFixtures.collect(handle, e -> {
            if (e instanceof TrainingEvent.CheckpointSaved c && c.epoch() == 1 && cancelledAt.get() == 0) {
                cancelledAt.set(System.nanoTime());
                handle.cancel();
            }
        });
        double seconds = (System.nanoTime() - cancelledAt.get()) / 1e9;
        System.out.printf("worker stopped %.3f s after cancel%n", seconds);
        assertThat(events).last().isInstanceOf(TrainingEvent.Cancelled.class);
        assertThat(seconds).isLessThan(2.0);
        assertThat(CheckpointStore.read(new RunFolder(run).lastCheckpoint()).header().epoch()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aWorkerWhoseClientDisappearsStopsCleanly(@TempDir Path run) throws Exception {
        RunHandle handle = service("-Xmx1g").start(WorkerFixtures.recipe(200), run);
        AtomicBoolean closed = new AtomicBoolean();
        List<TrainingEvent> events = WorkerFixtures.collect(handle, e -> {
            if (e instanceof TrainingEvent.CheckpointSaved && !closed.getAndSet(true)) {
                ((WorkerRunHandle) handle).closeRequests(); // what the OS does when the window's process dies
            }
        });
        assertThat(events).last().isInstanceOf(TrainingEvent.Cancelled.class);
        int lastSaved = events.stream().filter(TrainingEvent.CheckpointSaved.class::isInstance)
                .mapToInt(e -> ((TrainingEvent.CheckpointSaved) e).epoch()).max().orElseThrow();
        assertThat(CheckpointStore.read(new RunFolder(run).lastCheckpoint()).header().epoch())
                .as("the last checkpoint on disk is the last one reported, intact").isEqualTo(lastSaved);
    }
}
