package dev.unfreeze.ui.shared;

import dev.unfreeze.ui.FakeServices;
import dev.unfreeze.ui.FakeTraining;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.WorkbenchViewModel;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Background work is a list of named tasks: counted while they run, each one cancellable from the task list. */
@ExtendWith(ApplicationExtension.class)
class BackgroundTasksTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private WorkbenchViewModel model;

    @Start
    void start(Stage stage) {
        model = new WorkbenchViewModel(new FakeServices().all(), new FakeTraining(),
                pool, javafx.application.Platform::runLater);
        stage.setScene(new Scene(new WorkbenchView(model), 1200, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void busyCountsTheTasksAndTheTaskListCancelsOne(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<CompletableFuture<String>> slow = new AtomicReference<>();
        AtomicReference<CompletableFuture<String>> quick = new AtomicReference<>();
        robot.interact(() -> {
            slow.set(model.tasks().submit(BackgroundTasks.Lane.MEASURING, "Measuring this computer's speed", () -> {
                try {
                    release.await(); // a helper process that takes its time
                    return "done";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }));
            quick.set(model.tasks().submit(BackgroundTasks.Lane.MODELS, "Reading the model catalog", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "catalog";
            }));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.tasks().running().size() == 2);
        assertThat(robot.lookup("#tasks-link").queryAs(Hyperlink.class).getText()).isEqualTo("2 background tasks");

        robot.clickOn("#tasks-link");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".task-title").queryAll()).hasSize(2);
        // cancel the first task in the list: the slow one
        robot.clickOn(robot.lookup(".task-cancel-button").nth(0).queryButton());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> slow.get().isDone());
        assertThat(slow.get()).isCompletedExceptionally();
        assertThat(slow.get().handle((v, e) -> e).get()).isInstanceOf(CancellationException.class);
        assertThat(model.busyProperty().get()).as("the other task still runs: busy is counted").isTrue();
        assertThat(model.tasks().running()).hasSize(1);

        release.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> quick.get().isDone());
        assertThat(quick.get().get()).isEqualTo("catalog");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(robot.lookup("#tasks-link").queryAs(Hyperlink.class).isVisible()).isFalse();
    }

    /** Work under a key supersedes the earlier work of that key: the earlier is cancelled and its late result dropped. */
    @Test
    void newerWorkSupersedesTheEarlierAndItsResultIsDropped(FxRobot robot) throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicReference<CompletableFuture<String>> first = new AtomicReference<>();
        AtomicReference<CompletableFuture<String>> second = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean firstSawInterrupt = new java.util.concurrent.atomic.AtomicBoolean();
        robot.interact(() -> first.set(model.tasks().submitLatest("layout", BackgroundTasks.Lane.MODELS, "Reading the layers of A", () -> {
            firstStarted.countDown();
            try {
                releaseFirst.await();
            } catch (InterruptedException e) {
                firstSawInterrupt.set(true); // the helper process is stopped; its answer would be stale anyway
            }
            return "layout of A";
        })));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        robot.interact(() -> second.set(model.tasks().submitLatest("layout", BackgroundTasks.Lane.MEASURING, "Reading the layers of B",
                () -> "layout of B")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> first.get().isDone() && second.get().isDone());
        assertThat(second.get().get()).isEqualTo("layout of B");
        assertThat(first.get().handle((v, e) -> e).get()).isInstanceOf(BackgroundTasks.Superseded.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, firstSawInterrupt::get);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.busyProperty().get()).isFalse();
    }

    /** A task counts as busy until its result is applied, so whoever waits for quiet sees the result. */
    @Test
    void busyLastsUntilTheResultIsApplied(FxRobot robot) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean busyWhileApplying = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicReference<CompletableFuture<Void>> applied = new AtomicReference<>();
        robot.interact(() -> applied.set(model.tasks().submit(BackgroundTasks.Lane.MODELS, "Reading the layers", () -> "layout")
                .thenAccept(layout -> busyWhileApplying.set(model.busyProperty().get()))));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> applied.get().isDone());
        assertThat(busyWhileApplying).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.busyProperty().get()).isFalse();
    }

    /** Each lane has threads of its own, named after it, so one kind of work never queues behind another. */
    @Test
    void eachLaneRunsOnItsOwnNamedThread() throws Exception {
        java.util.function.Function<BackgroundTasks.Lane, java.util.concurrent.Executor> lanes = BackgroundTasks.ownThreads();
        CountDownLatch blockFiles = new CountDownLatch(1);
        lanes.apply(BackgroundTasks.Lane.FILES).execute(() -> {
            try {
                blockFiles.await(); // a slow dataset read
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<String> measuring = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(),
                lanes.apply(BackgroundTasks.Lane.MEASURING));
        assertThat(measuring.get(10, TimeUnit.SECONDS)).as("not queued behind the dataset read").startsWith("unfreeze-measuring-");
        CompletableFuture<String> files = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(),
                lanes.apply(BackgroundTasks.Lane.FILES));
        assertThat(files).isNotDone(); // one kind of work runs in order
        blockFiles.countDown();
        assertThat(files.get(10, TimeUnit.SECONDS)).startsWith("unfreeze-files-");
    }
}
