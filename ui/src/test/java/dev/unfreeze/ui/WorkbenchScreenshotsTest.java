package dev.unfreeze.ui;

import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.ui.layers.AugmentationPreviewModel;
import dev.unfreeze.ui.shared.LiveChart;
import dev.unfreeze.ui.shared.Theme;
import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.ui.train.PlanLeaderboard;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.WorkbenchServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench in a headless window against fake services: every step is shown, saved as a
 * screenshot under {@code target/screenshots/}, and the plan on screen is the recipe that runs.
 */
class WorkbenchScreenshotsTest {
    private static final Path SHOTS = Path.of("target", "screenshots");

    @BeforeAll
    static void startFx() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        onFx(Theme.LIGHT::apply);
        Files.createDirectories(SHOTS);
    }

    @Test
    void everyStepRendersAndThePlanBecomesTheRecipe() throws Exception {
        FakeTraining training = new FakeTraining();
        AtomicReference<Scene> scene = new AtomicReference<>();
        WorkbenchViewModel vm = openOnTheSample(training, scene);
        onFx(() -> vm.stepProperty().set(WorkbenchState.Step.DATA));
        // thumbnails arrive in the background: 8 per class
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> loadedThumbnails(scene.get()) >= 40);
        shoot(scene.get(), vm, WorkbenchState.Step.DATA, "1-data");
        onFx(() -> vm.models().importModel(Path.of("my_net.pt")));
        onFx(() -> { });
        assertThat(vm.models().catalog()).extracting(ModelInfo::id).contains("my_net");
        onFx(() -> vm.models().importModelFromUrl("https://example.org/models/resnet_tiny.pt"));
        onFx(() -> { });
        assertThat(vm.models().catalog()).extracting(ModelInfo::id).contains("resnet_tiny");
        assertThat(vm.models().downloadProgressProperty().get()).isEqualTo(1.0);
        onFx(() -> vm.models().importModel(Path.of("my_net.pt")));
        onFx(() -> { });
        assertThat(vm.state().modelProperty().get().id()).isEqualTo("my_net");
        onFx(() -> vm.models().selectModel(vm.models().catalog().get(1)));
        shoot(scene.get(), vm, WorkbenchState.Step.MODEL, "2-model");

        // the automatic plan is the default, and the window's recipe is then the shared default recipe
        assertThat(vm.plan().schedule().presetProperty().get().text()).isEqualTo("auto");
        Recipe d = dev.unfreeze.training.api.RecipeCodec.defaults();
        assertThat(vm.plan().recipe(false)).isEqualTo(d.withModel("fashion_cnn")
                .withData(new Recipe.Data(FakeServices.sample().toString(), null, d.data().valFraction(), 0, null)));
        // the helper-process pictures and measurements of the Layers step wait until it is open
        assertThat(SERVICES.get().augmentationDraws.get()).as("no augmentation drawn before the Layers step").isZero();
        assertThat(vm.plan().statisticsShiftProperty().get()).as("no shift measured before the Layers step").isEmpty();
        // the range test: its curve shows, "Use this rate" applies the suggestion to the recipe
        onFx(() -> vm.stepProperty().set(WorkbenchState.Step.LAYERS));
        onFx(() -> vm.plan().findRate());
        onFx(() -> { });
        assertThat(vm.plan().rateCurveProperty().get()).isNotNull();
        onFx(() -> ((javafx.scene.control.Button) scene.get().lookup("#use-rate")).fire());
        assertThat(vm.plan().settings().learningRate()).isEqualTo(3.2e-3);
        assertThat(vm.plan().recipe(false).learningRate().base()).isEqualTo(3.2e-3);
        shoot(scene.get(), vm, WorkbenchState.Step.LAYERS, "3-rate-finder");
        // the augmentation preview shows the dataset's own images, and draws them again when the augmentation changes
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> previewPictures(scene.get()) == AugmentationPreviewModel.PICTURES);
        AtomicReference<WritableImage> preview = new AtomicReference<>();
        onFx(() -> preview.set(scene.get().lookup("#augmentation-preview").snapshot(null, null)));
        ImageIO.write(SwingFXUtils.fromFXImage(preview.get(), null), "png", SHOTS.resolve("3-augmentation-preview.png").toFile());
        assertThat(SERVICES.get().augmentationSize.get()).as("the small CNN's own 28 px").isZero();
        int drawn = SERVICES.get().augmentationDraws.get();
        onFx(() -> vm.models().selectModel(vm.models().catalog().stream().filter(m -> m.id().equals("mobilenet_v2"))
                .findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> SERVICES.get().augmentationDraws.get() > drawn);
        assertThat(SERVICES.get().augmentationSize.get()).as("28-px images under a 224-px model: drawn at the 160 px the"
                + " network trains at").isEqualTo(160);
        int atMobileNet = SERVICES.get().augmentationDraws.get();
        onFx(() -> vm.models().selectModel(vm.models().catalog().stream().filter(m -> m.id().equals("fashion_cnn"))
                .findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> SERVICES.get().augmentationDraws.get() > atMobileNet);
        WaitForAsyncUtils.waitForFxEvents();
        int draws = SERVICES.get().augmentationDraws.get();
        onFx(() -> vm.plan().settings().update(b -> b.optAugmentation(Recipe.Augmentation.STANDARD)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> SERVICES.get().augmentationDraws.get() > draws);
        onFx(() -> vm.plan().settings().update(b -> b.optAugmentation(null)));
        onFx(() -> ((javafx.scene.control.ToggleButton) scene.get().lookup("#preset-bitfit")).fire());
        // the strip under the layer map: the dataset's shift from the backbone's data, one cell a group, none for the head
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> !vm.plan().statisticsShiftProperty().get().isEmpty());
        onFx(() -> { });
        java.util.concurrent.atomic.AtomicReference<List<String>> cells = new java.util.concurrent.atomic.AtomicReference<>();
        onFx(() -> cells.set(scene.get().lookup("#statistics-shift").lookupAll(".shift-cell").stream()
                .map(javafx.scene.Node::getAccessibleText).toList()));
        assertThat(cells.get()).containsExactly("block1 shift 0.04", "block2 shift 0.02", "block3 shift 0.01", null);
        shoot(scene.get(), vm, WorkbenchState.Step.LAYERS, "3-layers-bitfit");
        assertThat(vm.plan().recipe(false).schedule()).isEqualTo(new Schedule.BitFit());
        onFx(() -> {
            vm.plan().schedule().applyPreset(Schedule.parse("gradual"));
            vm.plan().schedule().toggle(0);
        });
        shoot(scene.get(), vm, WorkbenchState.Step.LAYERS, "3-layers");
        Recipe recipe = vm.plan().recipe(false);
        assertThat(recipe.model()).isEqualTo("fashion_cnn");
        assertThat(recipe.thawEpochs()).containsExactly(0, 2, 1);
        assertThat(recipe.data().train()).isEqualTo(FakeServices.sample().toString());

        onFx(() -> { });
        assertThat(vm.training().pastRuns()).hasSize(2);
        assertThat(vm.models().engineProperty().get()).isEqualTo("PyTorch 2.7.1, CPU build, no GPU");
        onFx(() -> vm.training().compared().add(vm.training().pastRuns().get(0)));
        onFx(() -> vm.training().train(false));
        onFx(() -> { }); // the run is started in the background and followed on the next pulse
        training.finish();
        onFx(() -> { });
        onFx(() -> { });
        assertThat(training.started).isEqualTo(recipe);
        assertThat(vm.training().monitor().thawMarkers()).hasSize(2);
        // the rate chart: the head's rate, then each group's from its first training step (block1 never trained)
        LiveChart rateChart = (LiveChart) scene.get().lookup("#rate-chart");
        assertThat(rateChart.curveNames()).containsExactly("head", "block3", "block2");
        assertThat(rateChart.plot().getSeriesRenderingOrder()).as("a group's curve is drawn over the head's")
                .isEqualTo(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
        assertThat(vm.training().monitor().groupRates()).extracting(TrainingMonitor.GroupRate::name)
                .containsExactly("block3", "block2");
        assertThat(vm.training().monitor().groupRates().get(0).points()).hasSize(15).first()
                .satisfies(p -> assertThat(p.x()).isEqualTo(6.0));
        assertThat(vm.training().monitor().confusionProperty().get()).isNotNull();
        assertThat(vm.training().monitor().outcomeProperty().get()).isInstanceOf(TrainingEvent.Finished.class);
        onFx(() -> vm.training().monitor().accept(List.of(new TrainingEvent.PlanChosen(leaderboard(recipe)))));
        assertThat(scene.get().lookup("#plan-leaderboard").isVisible()).isTrue();
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<dev.unfreeze.training.api.PlanReport.Candidate> table =
                (javafx.scene.control.TableView<dev.unfreeze.training.api.PlanReport.Candidate>) scene.get().lookup("#plan-table");
        assertThat(table.getItems()).extracting(dev.unfreeze.training.api.PlanReport.Candidate::name)
                .containsExactly("linear-probe", "full", "partial:1", "gradual");
        assertThat(table.getItems()).extracting(PlanLeaderboard::foldScores)
                .containsExactly("85 90 85 85 86", "85", "76", "–");
        shoot(scene.get(), vm, WorkbenchState.Step.TRAIN, "4-train");
        assertThat(vm.results().gallery().mostConfidentlyWrong()).extracting(dev.unfreeze.training.api.ValidationPrediction::confidence)
                .containsExactly(0.93, 0.71);
        onFx(() -> vm.results().gallery().selectCell("Shirt", "Bag"));
        assertThat(vm.results().gallery().selectedCell()).singleElement().extracting(dev.unfreeze.training.api.ValidationPrediction::actual)
                .isEqualTo("Shirt");
        onFx(() -> vm.results().tryImage(FakeServices.sample().resolve("Bag").resolve("train-00100.png")));
        onFx(() -> { });
        assertThat(vm.results().tryResult()).extracting(dev.unfreeze.training.api.Prediction::className).startsWith("Bag");
        // where the model looks comes after the classes, from a second piece of work
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.results().tryExplanationProperty().get() != null);
        onFx(() -> vm.state().stepProperty().set(WorkbenchState.Step.RESULTS));
        assertThat(scene.get().lookup("#try-heat").isVisible()).isTrue();
        shoot(scene.get(), vm, WorkbenchState.Step.RESULTS, "5-results");
        // a confidently wrong picture, clicked, shows where the model looks beside it
        onFx(() -> {
            javafx.scene.Node thumbnail = scene.get().getRoot().lookupAll(".thumbnail").stream()
                    .filter(n -> n.getOnMouseClicked() != null).findFirst().orElseThrow();
            thumbnail.getOnMouseClicked().handle(new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_CLICKED,
                    0, 0, 0, 0, javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false, true, false, false,
                    true, false, false, null));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof org.controlsfx.control.PopOver p && p.isShowing()
                        && p.getContentNode().lookup(".heat-overlay") != null));
        onFx(() -> javafx.stage.Window.getWindows().stream().filter(w -> w instanceof org.controlsfx.control.PopOver)
                .map(org.controlsfx.control.PopOver.class::cast).toList().forEach(org.controlsfx.control.PopOver::hide));
        // another class, picked in the map's chooser, is asked for and shown
        onFx(() -> ((javafx.scene.control.ComboBox<?>) scene.get().lookup("#try-heat .heat-class")).getSelectionModel()
                .select(2));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> "Sandal".equals(vm.results().tryExplanationProperty().get().className()));
        assertThat(SERVICES.get().explainedClasses).containsSequence(null, "Sandal");
        // the try-an-image row lies below the fold: its own picture
        AtomicReference<WritableImage> tried = new AtomicReference<>();
        onFx(() -> tried.set(scene.get().lookup("#try-heat").getParent().snapshot(null, null)));
        ImageIO.write(SwingFXUtils.fromFXImage(tried.get(), null), "png", SHOTS.resolve("5-results-try.png").toFile());
        onFx(() -> vm.state().stepProperty().set(WorkbenchState.Step.EXPORT));
        onFx(() -> {
            ((javafx.scene.control.RadioButton) scene.get().lookup("#export-format-onnx")).fire();
            ((javafx.scene.control.CheckBox) scene.get().lookup("#export-half")).setSelected(true);
        });
        onFx(() -> vm.exports().export(Path.of("target", "exported")));
        onFx(() -> { });
        assertThat(vm.exports().modelCardProperty().get()).contains("adapted from");
        assertThat(SERVICES.get().exportedFormat).isEqualTo(dev.unfreeze.training.api.ExportFormat.ONNX);
        assertThat(SERVICES.get().exportedHalf).isTrue();
        assertThat(scene.get().lookup("#export-files").isVisible()).isTrue();
        AtomicReference<List<String>> shownCard = new AtomicReference<>();
        onFx(() -> shownCard.set(scene.get().lookup("#model-card").lookupAll(".markdown-text").stream()
                .map(n -> ((javafx.scene.text.Text) n).getText()).toList()));
        assertThat(String.join("", shownCard.get())).as("the card is rendered, not shown as its source")
                .contains("adapted from fashion_cnn").doesNotContain("**").doesNotContain("|---");
        shoot(scene.get(), vm, WorkbenchState.Step.EXPORT, "6-export");

        onFx(() -> vm.errorProperty().set("The dataset folder /nowhere does not exist."));
        shoot(scene.get(), vm, WorkbenchState.Step.DATA, "7-error");
        AtomicReference<javafx.geometry.Bounds> errorBar = new AtomicReference<>();
        onFx(() -> errorBar.set(scene.get().getRoot().lookupAll(".error-bar").stream().filter(javafx.scene.Node::isVisible)
                .filter(bar -> bar.lookupAll(".label").stream().anyMatch(l -> l instanceof javafx.scene.control.Label label
                        && label.getText() != null && label.getText().contains("/nowhere does not exist")))
                .map(bar -> bar.localToScene(bar.getBoundsInLocal())).findFirst().orElse(null)));
        assertThat(errorBar.get()).as("the error is shown in words").isNotNull();
        assertThat(errorBar.get().getHeight()).as("and takes room on screen").isGreaterThan(10);
        onFx(() -> vm.errorProperty().set(null));
        onFx(() -> { });
        onFx(() -> errorBar.set(scene.get().getRoot().lookupAll(".error-bar").stream().filter(javafx.scene.Node::isVisible)
                .map(bar -> bar.getBoundsInLocal()).findFirst().orElse(null)));
        assertThat(errorBar.get()).as("dismissed errors go away").isNull();
    }

    @Test
    void pauseAndResumeAreOfferedOneAtATimeAndTheLineSaysTheRunIsPaused() throws Exception {
        FakeTraining training = new FakeTraining();
        AtomicReference<Scene> scene = new AtomicReference<>();
        WorkbenchViewModel vm = openOnTheSample(training, scene);
        onFx(() -> vm.training().train(false));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, training::subscribed);
        onFx(() -> { });
        assertThat(buttonStates(scene.get())).as("running: pause offered").containsExactly(false, true);
        onFx(() -> ((javafx.scene.control.Button) scene.get().lookup("#pause")).fire());
        assertThat(training.paused).isTrue();
        assertThat(buttonStates(scene.get())).as("paused: resume offered").containsExactly(true, false);
        assertThat(((javafx.scene.control.Label) scene.get().lookup("#progress")).getText()).startsWith("Paused");
        onFx(() -> ((javafx.scene.control.Button) scene.get().lookup("#resume")).fire());
        assertThat(training.paused).isFalse();
        assertThat(buttonStates(scene.get())).containsExactly(false, true);
        assertThat(((javafx.scene.control.Label) scene.get().lookup("#progress")).getText()).doesNotStartWith("Paused");
        onFx(() -> ((javafx.scene.control.Button) scene.get().lookup("#pause")).fire());
        training.finish();
        onFx(() -> { });
        assertThat(buttonStates(scene.get())).as("a run that ended is neither").containsExactly(true, true);
    }

    /** Whether Pause and Resume are disabled. */
    private static List<Boolean> buttonStates(Scene scene) throws Exception {
        List<Boolean> states = new ArrayList<>();
        onFx(() -> {
            states.add(scene.lookup("#pause").isDisabled());
            states.add(scene.lookup("#resume").isDisabled());
        });
        return states;
    }

    @Test
    void theDarkThemeRendersTheTrainStep() throws Exception {
        FakeTraining training = new FakeTraining();
        AtomicReference<WorkbenchViewModel> model = new AtomicReference<>();
        AtomicReference<Scene> scene = new AtomicReference<>();
        onFx(Theme.DARK::apply);
        open(training, model, scene);
        try {
            WorkbenchViewModel vm = model.get();
            onFx(() -> vm.models().loadModels("fashion_cnn"));
            onFx(() -> vm.data().openDataset(FakeServices.sample()));
            onFx(() -> { });
            onFx(() -> vm.plan().schedule().applyPreset(Schedule.parse("gradual")));
            onFx(() -> vm.training().train(false));
            onFx(() -> { });
            training.finish();
            onFx(() -> { });
            onFx(() -> vm.training().monitor().accept(List.of(new TrainingEvent.PlanChosen(leaderboard(vm.plan().recipe(false))))));
            shoot(scene.get(), vm, WorkbenchState.Step.TRAIN, "4-train-dark");
            shoot(scene.get(), vm, WorkbenchState.Step.LAYERS, "3-layers-dark");
            AtomicReference<javafx.scene.paint.Paint> background = new AtomicReference<>();
            onFx(() -> background.set(((javafx.scene.layout.Region) scene.get().lookup(".workbench")).getBackground()
                    .getFills().get(0).getFill()));
            assertThat(((javafx.scene.paint.Color) background.get()).getBrightness()).as("a dark background").isLessThan(0.3);
        } finally {
            onFx(Theme.LIGHT::apply);
        }
    }

    @Test
    void afterARefitTheResultsStepShowsThePlansAnswersOnItsFolds() throws Exception {
        FakeTraining training = new FakeTraining();
        AtomicReference<Scene> scene = new AtomicReference<>();
        WorkbenchViewModel vm = openOnTheSample(training, scene);
        onFx(() -> vm.training().train(false));
        onFx(() -> { });
        // as a run reports them: the provisional probe within seconds, before its folds are scored, then the
        // search's leaderboard
        onFx(() -> vm.training().monitor().accept(List.of(new TrainingEvent.ModelReady("linear-probe", true, Double.NaN,
                Double.NaN, 7))));
        assertThat(((javafx.scene.control.Label) scene.get().lookup("#ready-model")).getText())
                .startsWith("A model is ready after 7 s: the linear probe (its score on the held-out folds follows on the "
                        + "leaderboard).");
        shoot(scene.get(), vm, WorkbenchState.Step.TRAIN, "4-train-provisional");
        onFx(() -> vm.training().monitor().accept(List.of(new TrainingEvent.PlanChosen(leaderboard(vm.plan().recipe(false))))));
        training.finish(true);
        onFx(() -> { });
        onFx(() -> { });
        // the fake's three predictions: Shirt called Bag, Sandal called Sneaker, Bag right
        int[][] counts = vm.training().monitor().confusionProperty().get();
        assertThat(counts[3][1]).isEqualTo(1);
        assertThat(counts[2][4]).isEqualTo(1);
        assertThat(counts[1][1]).isEqualTo(1);
        assertThat(vm.training().monitor().perClassProperty().get()).extracting(ClassMetrics::support)
                .containsExactly(0, 1, 1, 1, 0);
        assertThat(vm.training().monitor().resultsSourceProperty().get()).isEqualTo(dev.unfreeze.ui.shared.ResultsSource.FOLDS);
        // no validation images: the validation chart says why it is empty instead of a flat line at zero
        assertThat(vm.training().monitor().valAccuracy()).isEmpty();
        assertThat(vm.training().monitor().withoutValidationProperty().get()).isTrue();
        shoot(scene.get(), vm, WorkbenchState.Step.TRAIN, "4-train-refit");
        onFx(() -> vm.stepProperty().set(WorkbenchState.Step.RESULTS));
        // the two most confidently wrong pictures, decoded in the background
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shownPictures(scene.get()) >= 2);
        shoot(scene.get(), vm, WorkbenchState.Step.RESULTS, "5-results-refit");
        AtomicReference<Boolean> said = new AtomicReference<>(false);
        onFx(() -> said.set(scene.get().getRoot().lookupAll(".label").stream().anyMatch(n -> n.isVisible()
                && n instanceof javafx.scene.control.Label l && l.getText() != null && l.getText().contains("its folds' held-out"))));
        assertThat(said.get()).as("the Results step says where its figures come from").isTrue();
    }

    @Test
    void theChosenPlansModelIsShownAsReadyWhileItsFoldsFollow() throws Exception {
        FakeTraining training = new FakeTraining();
        AtomicReference<Scene> scene = new AtomicReference<>();
        WorkbenchViewModel vm = openOnTheSample(training, scene);
        onFx(() -> vm.training().train(false));
        onFx(() -> { });
        Recipe recipe = vm.plan().recipe(false);
        List<dev.unfreeze.training.api.PlanReport.Candidate> rows = List.of(
                candidate("linear-probe", 0.700, 0.158, 0.81, List.of(0.8, 0.5, 0.9, 0.6, 0.7), 3, recipe),
                new dev.unfreeze.training.api.PlanReport.Candidate("full", "every group trains",
                        dev.unfreeze.training.api.PlanReport.Outcome.WAITING, "waiting: scored after its final run, on 1"
                        + " fold of 10 images (too few held-out images to change the choice; they estimate its model)",
                        Double.NaN, Double.NaN, Double.NaN, 0, 0, List.of(), recipe),
                new dev.unfreeze.training.api.PlanReport.Candidate("bitfit", "scales, shifts and biases train",
                        dev.unfreeze.training.api.PlanReport.Outcome.NOT_TRIED, "not tried: the budget has room for 1 fold"
                        + " of 10 images each for full and bitfit: 10 held-out images in common, under the 20 needed",
                        Double.NaN, Double.NaN, Double.NaN, 0, 0, List.of(), recipe));
        String reason = "full is the plan preferred when the evidence cannot decide (with 50 labelled images or more,"
                + " fine-tuning the whole network was level with BitFit or led it), and the folds the time allows hold"
                + " under 20 held-out images, too few for any score to change that: its model trains first, and its"
                + " score on the folds follows (linear-probe: 0.700 on 5 of 5 stratified folds)";
        dev.unfreeze.training.api.PlanReport plan = new dev.unfreeze.training.api.PlanReport("full", reason, 5, 0, 240,
                20, null, rows);
        onFx(() -> vm.training().monitor().accept(List.of(new TrainingEvent.PlanChosen(plan),
                new TrainingEvent.ModelReady("full", false, Double.NaN, Double.NaN, 124),
                new TrainingEvent.PlanScores(plan))));
        assertThat(((javafx.scene.control.Label) scene.get().lookup("#ready-model")).getText())
                .startsWith("The adapted model (full) is ready after 124 s. It predicts and exports now");
        shoot(scene.get(), vm, WorkbenchState.Step.TRAIN, "4-train-model-first");
        AtomicReference<Boolean> chosen = new AtomicReference<>(false);
        onFx(() -> chosen.set(scene.get().getRoot().lookupAll(".label").stream().anyMatch(n -> n.isVisible()
                && n instanceof javafx.scene.control.Label l && l.getText() != null
                && l.getText().startsWith("Chosen: full is the plan preferred"))));
        assertThat(chosen.get()).as("the leaderboard keeps the choice while the folds fill in").isTrue();
        training.finish(true);
        onFx(() -> { });
    }

    @Test
    void afterARefitOnADatasetWithATestPartTheResultsStepShowsTheTestImages() throws Exception {
        FakeTraining training = new FakeTraining();
        AtomicReference<Scene> scene = new AtomicReference<>();
        WorkbenchViewModel vm = openOnTheSample(training, scene);
        Path sample = FakeServices.sample();
        SERVICES.get().testAnswers = List.of(
                new dev.unfreeze.training.api.ValidationPrediction(sample.resolve("Bag/train-00100.png").toString(), "Bag",
                        "Shirt", 0.88),
                new dev.unfreeze.training.api.ValidationPrediction(sample.resolve("Shirt/train-00018.png").toString(),
                        "Shirt", "Shirt", 0.97));
        List<Integer> galleries = new java.util.concurrent.CopyOnWriteArrayList<>();
        onFx(() -> vm.results().gallery().mostConfidentlyWrong().addListener(
                (javafx.collections.ListChangeListener<dev.unfreeze.training.api.ValidationPrediction>) c ->
                        galleries.add(c.getList().size())));
        onFx(() -> vm.training().train(false));
        onFx(() -> { });
        onFx(() -> vm.training().monitor().accept(List.of(new TrainingEvent.PlanChosen(leaderboard(vm.plan().recipe(false))))));
        training.finish(true);
        onFx(() -> { });
        onFx(() -> { });

        int[][] counts = vm.training().monitor().confusionProperty().get();
        assertThat(counts[1][3]).as("Bag called Shirt, on a test image").isEqualTo(1);
        assertThat(counts[3][3]).isEqualTo(1);
        assertThat(vm.training().monitor().resultsSourceProperty().get()).isEqualTo(dev.unfreeze.ui.shared.ResultsSource.TEST);
        assertThat(vm.results().predictions()).as("the gallery shows the same answers as the matrix").hasSize(2);
        assertThat(galleries).as("the wrong answers go straight to the test images' one, never the folds' two first")
                .containsOnly(1);
        onFx(() -> vm.stepProperty().set(WorkbenchState.Step.RESULTS));
        AtomicReference<Boolean> said = new AtomicReference<>(false);
        onFx(() -> said.set(scene.get().getRoot().lookupAll(".label").stream().anyMatch(n -> n.isVisible()
                && n instanceof javafx.scene.control.Label l && l.getText() != null && l.getText().contains("test images"))));
        assertThat(said.get()).as("the Results step says where its figures come from").isTrue();
    }

    /** A window with the small CNN and the bundled sample open. */
    @Test
    void aTransferRunScoredOnNoImageIsNotAskedForAgainBesideTheBaseline() throws Exception {
        FakeTraining training = new FakeTraining();
        AtomicReference<Scene> scene = new AtomicReference<>();
        WorkbenchViewModel vm = openOnTheSample(training, scene);
        onFx(() -> vm.training().train(true));
        onFx(() -> { });
        training.finish(true); // a baseline on every image, no test part: no score
        onFx(() -> { });
        assertThat(vm.training().transferVersusScratch().get()).startsWith("Nothing to compare: the from-scratch"
                + " baseline held no image out");
        onFx(() -> vm.training().train(true));
        onFx(() -> { });
        training.finish(); // the baseline again, on its validation images
        onFx(() -> { });
        assertThat(vm.training().transferVersusScratch().get())
                .isEqualTo("From scratch: 80.0%. Train with transfer to compare.");
        onFx(() -> vm.training().train(false));
        onFx(() -> { });
        training.finish(true); // every image trained, no plan, no test part: no score
        onFx(() -> { });
        assertThat(vm.training().transferVersusScratch().get()).isEqualTo("Nothing to compare: the transfer run held"
                + " no image out and was scored on none. A test/ part in the dataset scores both runs on the same"
                + " images.");
    }

    private static WorkbenchViewModel openOnTheSample(FakeTraining training, AtomicReference<Scene> scene) throws Exception {
        AtomicReference<WorkbenchViewModel> model = new AtomicReference<>();
        open(training, model, scene);
        WorkbenchViewModel vm = model.get();
        onFx(() -> vm.models().loadModels("fashion_cnn"));
        onFx(() -> vm.data().openDataset(FakeServices.sample()));
        onFx(() -> { });
        return vm;
    }

    /** The fake services of the window opened last. */
    private static final AtomicReference<FakeServices> SERVICES = new AtomicReference<>();

    /** A window on fake services and the given training, shown in a stage of its own. */
    private static void open(FakeTraining training, AtomicReference<WorkbenchViewModel> model, AtomicReference<Scene> scene)
            throws Exception {
        onFx(() -> {
            FakeServices services = new FakeServices();
            SERVICES.set(services);
            WorkbenchViewModel vm = new WorkbenchViewModel(services.all(), training, Runnable::run, Platform::runLater);
            Stage stage = new Stage();
            Scene s = new Scene(new WorkbenchView(vm), 1200, 800);
            stage.setScene(s);
            stage.show();
            model.set(vm);
            scene.set(s);
        });
    }

    /** A plan search's leaderboard as the engine reports it. */
    private static dev.unfreeze.training.api.PlanReport leaderboard(Recipe recipe) {
        List<dev.unfreeze.training.api.PlanReport.Candidate> rows = List.of(
                candidate("linear-probe", 0.862, 0.031, 0.41, List.of(0.85, 0.9, 0.85, 0.85, 0.86), 3, recipe),
                candidate("full", 0.850, 0.080, 0.44, List.of(0.85), 64, recipe),
                new dev.unfreeze.training.api.PlanReport.Candidate("partial:1", "the top group and the head train",
                        dev.unfreeze.training.api.PlanReport.Outcome.SCREENED_OUT, "screened out: 0.760 on fold 1 in a run of half its length; the search went on with full (0.790)", 0.76, 0.09,
                        0.61, 1, 14, List.of(0.76), recipe),
                new dev.unfreeze.training.api.PlanReport.Candidate("gradual", "head first, then one group per epoch",
                        dev.unfreeze.training.api.PlanReport.Outcome.NOT_TRIED, "not tried: over the search budget", Double.NaN, Double.NaN, Double.NaN, 0, 0, List.of(), recipe));
        return new dev.unfreeze.training.api.PlanReport("linear-probe", "linear-probe had the best held-out accuracy "
                + "(0.862 ± 0.031) on 5 of 5 stratified folds; the final model trains on every image", 5, 1, 240, 171, null, rows);
    }

    private static dev.unfreeze.training.api.PlanReport.Candidate candidate(String name, double accuracy, double spread,
            double loss, List<Double> folds, double seconds, Recipe recipe) {
        return new dev.unfreeze.training.api.PlanReport.Candidate(name, name,
                dev.unfreeze.training.api.PlanReport.Outcome.SCORED, "scored", accuracy, spread, loss, folds.size(),
                seconds, folds, recipe);
    }


    private static void shoot(Scene scene, WorkbenchViewModel vm, WorkbenchState.Step step, String name) throws Exception {
        onFx(() -> vm.stepProperty().set(step));
        onFx(() -> { }); // one more pulse so that layout settles
        AtomicReference<WritableImage> image = new AtomicReference<>();
        onFx(() -> image.set(scene.snapshot(null)));
        java.awt.image.BufferedImage picture = SwingFXUtils.fromFXImage(image.get(), null);
        ImageIO.write(picture, "png", SHOTS.resolve(name + ".png").toFile());
        // a blank (all one colour) picture would mean nothing was laid out
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < picture.getHeight(); y += 7) {
            for (int x = 0; x < picture.getWidth(); x += 7) {
                colours.add(picture.getRGB(x, y));
            }
        }
        assertThat(colours).as(name + " shows something").hasSizeGreaterThan(8);
    }

    private static int previewPictures(Scene scene) throws Exception {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        onFx(() -> count.set(scene.lookup("#augmentation-preview").lookupAll(".image-view").size()));
        return count.get();
    }

    private static int shownPictures(Scene scene) throws Exception {
        AtomicReference<Integer> count = new AtomicReference<>(0);
        onFx(() -> count.set((int) scene.getRoot().lookupAll(".image-view").stream()
                .filter(n -> n.isVisible() && n instanceof javafx.scene.image.ImageView view && view.getImage() != null
                        && view.getImage().getProgress() >= 1 && !view.getImage().isError())
                .count()));
        return count.get();
    }

    private static int loadedThumbnails(Scene scene) throws Exception {
        AtomicReference<Integer> count = new AtomicReference<>(0);
        onFx(() -> count.set((int) scene.getRoot().lookupAll(".thumb-tile").stream()
                .flatMap(tile -> ((javafx.scene.layout.StackPane) tile).getChildren().stream())
                .filter(n -> n instanceof javafx.scene.image.ImageView view && view.getImage() != null
                        && view.getImage().getProgress() >= 1)
                .count()));
        return count.get();
    }

    private static void onFx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(30, TimeUnit.SECONDS);
    }

}
