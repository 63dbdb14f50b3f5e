package dev.unfreeze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.app.gui.AppWorkbenchServices;
import dev.unfreeze.training.api.WorkbenchServices;
import dev.unfreeze.training.TestProperty;
import dev.unfreeze.training.api.Workspace;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling a task in the window stops its helper process, not only the wait for it. */
class HelperCancelTest {
    @TempDir
    Path home;
    private final TestProperty homeProperty = new TestProperty("unfreeze.home");

    @AfterEach
    void restore() {
        homeProperty.restore();
    }

    @Test
    void anInterruptedSpeedMeasurementStopsItsHelperProcess() throws Exception {
        homeProperty.set(home.toString());
        WorkbenchServices services = AppWorkbenchServices.create(new Workspace(home), AppWorkbenchServices.thisJvm());
        java.util.Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread measuring = new Thread(() -> {
            try {
                services.catalog().throughput("mobilenet_v2");
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, "measuring");
        measuring.start();
        ProcessHandle helper = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (helper == null && System.nanoTime() < deadline) {
            helper = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).findFirst().orElse(null);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // poll the process table
        }
        assertThat(helper).as("the helper process started").isNotNull();
        measuring.interrupt(); // what cancelling the task in the window does
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(helper.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }
}
