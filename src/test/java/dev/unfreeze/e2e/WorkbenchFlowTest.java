package dev.unfreeze.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.app.gui.AppWorkbenchServices;
import dev.unfreeze.app.worker.WorkerTrainingService;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.WorkbenchViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbench with its real services, in a headless window: open the sample, pick the small
 * CNN, plan a gradual schedule, train two epochs in a worker process, see a thaw and the confusion
 * matrix, export, and find the exported folder predicting. The window's process never loads libtorch.
 */
class WorkbenchFlowTest {
    private static final Path SHOTS = Path.of("..", "..", "target", "screenshots");

    @Test
    void fromSampleDatasetToExportedModel(@TempDir Path home) throws Exception {
        System.setProperty("unfreeze.home", home.toString());
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        ExecutorService background = Executors.newSingleThreadExecutor();
        AtomicReference<WorkbenchViewModel> vm = new AtomicReference<>();
        AtomicReference<Scene> scene = new AtomicReference<>();
        fx(() -> {
            WorkbenchViewModel model = new WorkbenchViewModel(
                    new AppWorkbenchServices(new Workspace(home), AppWorkbenchServices.thisJvm()),
                    new WorkerTrainingService(List.of("-Xmx1g"), Duration.ofSeconds(2)), background, Platform::runLater);
            Stage stage = new Stage();
            scene.set(new Scene(new WorkbenchView(model), 1200, 800));
            stage.setScene(scene.get());
            stage.show();
            vm.set(model);
        });
        WorkbenchViewModel model = vm.get();
        fxFuture(() -> model.loadModels("fashion_cnn")).get(2, TimeUnit.MINUTES);
        fxFuture(() -> model.openDataset(CommandLineTest.sample("fashion-mnist-5-9"))).get(2, TimeUnit.MINUTES);
        fxFuture(() -> model.selectModel(model.modelProperty().get())).get(2, TimeUnit.MINUTES);
        assertThat(model.errorProperty().get()).isNull();
        assertThat(model.plan().layoutProperty().get().backboneGroups()).hasSize(3);

        CompletableFuture<TrainingEvent> outcome = new CompletableFuture<>();
        PulseGaps gaps = new PulseGaps();
        fx(gaps::start);
        fx(() -> {
            model.plan().applyPreset("gradual");
            model.plan().epochsProperty().set(2);
            model.monitor().outcomeProperty().addListener((obs, old, e) -> {
                if (e != null) {
                    outcome.complete(e);
                }
            });
            model.train(false);
        });
        assertThat(outcome.get(5, TimeUnit.MINUTES)).isInstanceOf(TrainingEvent.Finished.class);
        fx(gaps::stop);
        System.out.println(gaps.report());
        fx(() -> { });
        assertThat(model.monitor().thawMarkers()).hasSize(1);
        assertThat(model.monitor().confusionProperty().get()).hasDimensions(5, 5);
        fxFuture(model::loadPredictions).get(1, TimeUnit.MINUTES);
        List<String> classes = model.monitor().classesProperty().get();
        java.util.concurrent.atomic.AtomicInteger shown = new java.util.concurrent.atomic.AtomicInteger();
        for (String actual : classes) {
            for (String predicted : classes) {
                fx(() -> model.gallery().selectCell(actual, predicted));
                assertThat(model.gallery().selectedCell()).allMatch(p -> p.actual().equals(actual) && p.predicted().equals(predicted));
                shown.addAndGet(model.gallery().selectedCell().size());
            }
        }
        assertThat(shown.get()).as("every validation image sits in exactly one cell").isEqualTo(20);
        snapshot(scene.get(), model, WorkbenchViewModel.Step.TRAIN, "flow-train");

        Path image = CommandLineTest.sample("fashion-mnist-5-9-heldout").resolve("Bag").resolve("test-00030.png");
        fxFuture(() -> model.tryImage(image)).get(5, TimeUnit.MINUTES);
        assertThat(model.errorProperty().get()).isNull();
        assertThat(model.tryResult()).hasSize(5);
        assertThat(model.tryResult().get(0).probability()).isBetween(0.2, 1.0);

        Path exported = home.resolve("shoes");
        fxFuture(() -> model.export(exported)).get(5, TimeUnit.MINUTES);
        assertThat(model.errorProperty().get()).isNull();
        assertThat(exported.resolve("serving.properties")).isRegularFile();
        assertThat(model.modelCardProperty().get()).contains("Lineage");

        assertThat(Files.readString(Path.of("/proc/self/maps"))).as("the window's process never loads libtorch")
                .doesNotContain("libtorch");

        CommandLineTest.Result predict = CommandLineTest.unfreeze("predict", "--model", exported.toString(), image.toString());
        assertThat(predict.status()).as(predict.err()).isZero();
        background.shutdownNow();
    }

    private static void snapshot(Scene scene, WorkbenchViewModel model, WorkbenchViewModel.Step step, String name)
            throws Exception {
        fx(() -> model.stepProperty().set(step));
        fx(() -> { });
        AtomicReference<javafx.scene.image.WritableImage> image = new AtomicReference<>();
        fx(() -> image.set(scene.snapshot(null)));
        Files.createDirectories(SHOTS);
        ImageIO.write(SwingFXUtils.fromFXImage(image.get(), null), "png", SHOTS.resolve(name + ".png").toFile());
    }

    private static void fx(Runnable action) throws Exception {
        fxFuture(() -> {
            action.run();
            return CompletableFuture.completedFuture(null);
        }).get(30, TimeUnit.SECONDS);
    }

    private static <T> CompletableFuture<T> fxFuture(java.util.function.Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.get().whenComplete((v, t) -> {
                    if (t != null) {
                        result.completeExceptionally(t);
                    } else {
                        result.complete(v);
                    }
                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }
}
