package dev.unfreeze.ui;

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
        model = new WorkbenchViewModel(new WorkbenchScreenshotsTest.FakeServices(), new WorkbenchScreenshotsTest.FakeTraining(),
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
            slow.set(model.tasks().submit("Measuring this computer's speed", () -> {
                try {
                    release.await(); // a helper process that takes its time
                    return "done";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }));
            quick.set(model.tasks().submit("Reading the model catalog", () -> {
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
}
