package dev.unfreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.UnfreezeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The step view models' busy and error paths: a failure is one sentence, busy ends, and stale work is dropped. */
@ExtendWith(ApplicationExtension.class)
class StepViewModelsTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aDatasetThatCannotBeReadIsOneSentenceAndBusyEnds() throws Exception {
        WorkbenchViewModel vm = new WorkbenchViewModel(new FakeServices() {
            @Override
            public DatasetReport inspectDataset(List<Path> dropped, DoubleConsumer progress) {
                throw new UnfreezeException("no images in " + dropped.get(0) + ": it holds no class folders");
            }
        }.all(), new FakeTraining(), pool, Platform::runLater);
        WaitForAsyncUtils.asyncFx(() -> vm.data().openDataset(Path.of("/tmp/empty"))).get(10, TimeUnit.SECONDS)
                .get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.errorProperty().get()).isEqualTo("no images in /tmp/empty: it holds no class folders");
        assertThat(vm.errorDetailProperty().get()).contains("UnfreezeException");
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.data().datasetProgressProperty().get()).as("the progress bar goes away").isEqualTo(-1.0);
        assertThat(vm.state().datasetProperty().get()).isNull();
    }

    @Test
    void aModelPickedWhileAnotherIsReadGetsItsOwnLayoutNotTheStaleOne() throws Exception {
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        WorkbenchViewModel vm = new WorkbenchViewModel(new FakeServices() {
            @Override
            public ModelLayout inspect(String model, int classes) {
                if (model.equals("slow_net")) {
                    try {
                        firstMayFinish.await(); // a helper process still loading the first model
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // cancelled: its answer would be stale anyway
                    }
                }
                ModelLayout layout = super.inspect(model, classes);
                return new ModelLayout(new ModelInfo(model, model, "bundled", "x", "djl", 1, 28, 1, "p", "MIT"),
                        layout.featureDimension(), layout.groups());
            }
        }.all(), new FakeTraining(), pool, Platform::runLater);
        ModelInfo slow = new ModelInfo("slow_net", "Slow", "bundled", "x", "djl", 1, 28, 1, "p", "MIT");
        ModelInfo quick = new ModelInfo("quick_net", "Quick", "bundled", "x", "djl", 1, 28, 1, "p", "MIT");
        WaitForAsyncUtils.asyncFx(() -> vm.models().selectModel(slow));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> vm.models().selectModel(quick)).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        firstMayFinish.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.plan().schedule().layoutProperty().get().model().id()).isEqualTo("quick_net");
        assertThat(vm.state().modelProperty().get()).isEqualTo(quick);
        assertThat(vm.errorProperty().get()).isNull();
    }
}
