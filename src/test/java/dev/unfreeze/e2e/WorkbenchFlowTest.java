package dev.unfreeze.e2e;

import dev.unfreeze.training.api.Schedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.app.gui.AppWorkbenchServices;
import dev.unfreeze.app.worker.WorkerTrainingService;
import dev.unfreeze.training.TestProperty;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.WorkbenchViewModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole flow through the window, by robot, with the real services: drag the sample dataset
 * from a "desktop" node onto the drop zone, pick the small CNN in the catalog, choose the gradual
 * preset and two epochs, train in a worker process, see a thaw marker and the confusion matrix, click
 * a cell, export, and find the exported folder predicting. The window's process never loads libtorch.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchFlowTest {
    private static final Path SHOTS = Path.of("..", "..", "target", "screenshots");

    @TempDir
    static Path home;

    private WorkbenchViewModel model;
    private Scene scene;

    @Start
    void start(Stage stage) {
        homeProperty.set(home.toString());
        model = new WorkbenchViewModel(AppWorkbenchServices.create(new Workspace(home), AppWorkbenchServices.thisJvm()),
                new WorkerTrainingService(List.of("-Xmx1g"), Duration.ofSeconds(2)), Platform::runLater); // the application's own lanes
        // Stands in for a folder on the desktop: a node whose drag carries the sample dataset.
        Label desktopFolder = new Label("fashion-mnist-5-9 (drag me)");
        desktopFolder.setId("desktop-folder");
        desktopFolder.setOnDragDetected(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putFiles(List.of(CommandLineTest.sample("fashion-mnist-5-9").toFile()));
            desktopFolder.startDragAndDrop(TransferMode.COPY).setContent(content);
            e.consume();
        });
        WorkbenchView workbench = new WorkbenchView(model);
        VBox.setVgrow(workbench, javafx.scene.layout.Priority.ALWAYS);
        scene = new Scene(new VBox(desktopFolder, workbench), 1200, 830);
        stage.setScene(scene);
        stage.show();
    }

    /** The workspace property, put back when the test ends. */
    private final TestProperty homeProperty = new TestProperty("unfreeze.home");

    @AfterEach
    void stop() {
        homeProperty.restore();
        model.tasks().close();
    }

    @Test
    void fromADroppedDatasetToAnExportedModel(FxRobot robot) throws Exception {
        fxFuture(() -> model.models().loadModels(null)).get(2, TimeUnit.MINUTES);

        robot.drag("#desktop-folder").dropTo(".drop-zone");
        waitFor(() -> model.state().datasetProperty().get() != null && !model.busyProperty().get());
        DatasetReport report = model.state().datasetProperty().get();
        assertThat(report.canTrain()).isTrue();
        assertThat(report.totalImages()).isEqualTo(100);
        waitFor(() -> robot.lookup(".thumb-tile").queryAll().size() >= 30);

        robot.clickOn("#step-model");
        robot.clickOn(robot.lookup(".list-cell").match((ListCell<?> c) -> c.getText() != null
                && c.getText().contains("\nfashion_cnn ·")).<Node>query());
        waitFor(() -> model.plan().schedule().layoutProperty().get() != null && !model.busyProperty().get()
                && model.plan().schedule().layoutProperty().get().backboneGroups().size() == 3);
        assertThat(model.state().modelProperty().get().id()).isEqualTo("fashion_cnn");

        robot.clickOn("#step-layers");
        robot.clickOn("#preset-gradual");
        robot.doubleClickOn("#epochs .text-field").push(KeyCode.CONTROL, KeyCode.A).write("2").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.plan().schedule().presetProperty().get().text()).isEqualTo("gradual");
        assertThat(model.plan().schedule().epochsProperty().get()).isEqualTo(2);
        assertThat(model.plan().recipe(false).thawEpochs()).isEqualTo(model.plan().schedule().recipeThawEpochs());
        waitFor(() -> robot.lookup(l -> l instanceof Label label && label.getText() != null
                && label.getText().startsWith("Estimated time on this computer")).tryQuery().isPresent());
        snapshot("flow-layers");

        CompletableFuture<TrainingEvent> outcome = new CompletableFuture<>();
        fx(() -> model.training().monitor().outcomeProperty().addListener((obs, old, e) -> {
            if (e != null) {
                outcome.complete(e);
            }
        }));
        PulseGaps gaps = new PulseGaps();
        robot.clickOn("#step-train");
        fx(gaps::start);
        robot.clickOn("#train");
        assertThat(outcome.get(5, TimeUnit.MINUTES)).isInstanceOf(TrainingEvent.Finished.class);
        fx(gaps::stop);
        System.out.println(gaps.report());
        // training runs in another process: the window never stops drawing for as long as a second
        // (a blocked FX thread shows as gaps of many seconds; GC and a busy machine stay well below)
        assertThat(gaps.longestMillis()).as(gaps.report()).isLessThan(1000);
        // and the live charts (JFreeChart-FX, redrawn at most once per pulse) keep it smooth
        assertThat(gaps.p99Millis()).as(gaps.report()).isLessThan(50);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.training().monitor().thawMarkers()).hasSize(1);
        // the thaw is a labelled marker on the loss chart, not a series in its legend
        org.jfree.chart.plot.XYPlot loss = robot.lookup("#loss-chart").lookup((Node n) -> n instanceof org.jfree.chart.fx.ChartViewer)
                .queryAs(org.jfree.chart.fx.ChartViewer.class).getChart().getXYPlot();
        assertThat(loss.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).hasSize(1)
                .allSatisfy(m -> assertThat(((org.jfree.chart.plot.ValueMarker) m).getLabel()).isEqualTo("block3"));
        assertThat(loss.getLegendItems().getItemCount()).isEqualTo(2);
        snapshot("flow-train");

        robot.clickOn("#step-results");
        waitFor(() -> robot.lookup(".confusion-cell").queryAll().size() == 25);
        fxFuture(model.results()::loadPredictions).get(1, TimeUnit.MINUTES);
        // the fullest cell: a click shows exactly its images
        Button fullest = robot.lookup(".confusion-cell").queryAllAs(Button.class).stream()
                .max(java.util.Comparator.comparingInt(b -> Integer.parseInt(b.getText()))).orElseThrow();
        String[] cell = fullest.getAccessibleText().split(" predicted as |: ");
        robot.clickOn(fullest);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.results().gallery().selectedCell()).hasSize(Integer.parseInt(fullest.getText()))
                .allMatch(p -> p.actual().equals(cell[0]) && p.predicted().equals(cell[1]));
        snapshot("flow-results");

        Path image = CommandLineTest.sample("fashion-mnist-5-9-heldout").resolve("Bag").resolve("test-00030.png");
        fxFuture(() -> model.results().tryImage(image)).get(5, TimeUnit.MINUTES);
        assertThat(model.errorProperty().get()).isNull();
        assertThat(model.results().tryResult()).hasSize(5);

        robot.clickOn("#step-export");
        Path exported = Path.of(robot.lookup("#export-target").queryAs(TextField.class).getText());
        assertThat(exported.startsWith(model.state().runDirectoryProperty().get())).as("the export goes into the run folder").isTrue();
        robot.clickOn("#export");
        waitFor(() -> model.exports().exportedProperty().get() != null || model.errorProperty().get() != null);
        assertThat(model.errorProperty().get()).isNull();
        assertThat(exported.resolve("serving.properties")).isRegularFile();
        waitFor(() -> model.exports().modelCardProperty().get() != null);
        assertThat(model.exports().modelCardProperty().get()).contains("Lineage").contains(report.fingerprint());

        if (org.junit.jupiter.api.condition.OS.LINUX.isCurrentOs()) { // the memory map is Linux's
            assertThat(Files.readString(Path.of("/proc/self/maps"))).as("the window's process never loads libtorch")
                    .doesNotContain("libtorch");
        }
        CommandLineTest.Result predict = CommandLineTest.unfreeze("predict", "--model", exported.toString(), image.toString());
        assertThat(predict.status()).as(predict.err()).isZero();

        // the finished run, opened again in a window of its own: a picture of every step
        Path pictures = home.resolve("pictures");
        assertThat(dev.unfreeze.app.gui.RunTour.photograph(model.state().runDirectoryProperty().get(), pictures)).isTrue();
        try (var files = Files.list(pictures)) {
            // with the parts below the fold: the augmentation preview, and a picture the run judged, tried again
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly("1-data.png",
                    "2-model.png", "3-layers-augmentation.png", "3-layers.png", "4-train.png", "5-results-try.png",
                    "5-results.png", "6-export.png");
        }
        BufferedImage tried = ImageIO.read(pictures.resolve("5-results-try.png").toFile());
        assertThat(tried.getWidth()).as("the tried picture's row, with its heat map").isGreaterThan(300);
        assertThat(ImageIO.read(pictures.resolve("4-train.png").toFile()).getWidth()).isEqualTo(1200);
    }

    @Test
    void aDatasetWithProblemsShowsThemFirst(FxRobot robot, @TempDir Path data) throws Exception {
        Path sample = CommandLineTest.sample("fashion-mnist-5-9");
        for (String c : List.of("Bag", "Sandal", "Sneaker")) {
            try (var files = Files.list(sample.resolve(c))) {
                for (Path f : files.sorted().limit(c.equals("Sneaker") ? 1 : 12).toList()) {
                    Files.createDirectories(data.resolve("train").resolve(c));
                    Files.copy(f, data.resolve("train").resolve(c).resolve(f.getFileName()));
                }
            }
        }
        Files.createDirectories(data.resolve("val/Bag"));
        try (var bags = Files.list(data.resolve("train/Bag"))) {
            Files.copy(bags.sorted().findFirst().orElseThrow(), data.resolve("val/Bag/leaked.png"));
        }
        Files.write(data.resolve("train/Bag/scan.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16});
        Files.writeString(data.resolve("train/Sandal/notes.txt"), "bought in May");
        fxFuture(() -> model.data().openDataset(data)).get(2, TimeUnit.MINUTES);
        DatasetReport report = model.state().datasetProperty().get();
        assertThat(report.canTrain()).isFalse();
        for (Node pane : robot.lookup(".titled-pane").queryAll()) {
            fx(() -> ((javafx.scene.control.TitledPane) pane).setExpanded(true));
        }
        assertThat(robot.lookup(".broken-tile").queryAll()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(robot.lookup(".verdict-error").queryAll()).hasSize(1);
        // the thumbnails come from the workspace's thumbnail cache, made in the background
        waitFor(() -> robot.lookup(".thumb-tile .image-view").queryAll().stream().filter(v ->
                ((javafx.scene.image.ImageView) v).getImage() != null
                        && ((javafx.scene.image.ImageView) v).getImage().getProgress() >= 1).count() >= 13);
        try (var cached = Files.list(home.resolve("cache/thumbnails"))) {
            assertThat(cached.count()).isGreaterThanOrEqualTo(13);
        }
        snapshot("data-problems");
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(3, TimeUnit.MINUTES, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void snapshot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        AtomicReference<javafx.scene.image.WritableImage> image = new AtomicReference<>();
        // the workbench alone: the stand-in desktop folder above it is the test's, not the product's
        fx(() -> image.set(scene.getRoot().getChildrenUnmodifiable().get(1).snapshot(null, null)));
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
