package dev.unfreeze.app.gui;

import dev.unfreeze.app.worker.WorkerTrainingService;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.runs.RunSummary;
import dev.unfreeze.ui.shared.Theme;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.WorkbenchViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.BooleanBinding;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Pictures of every step of the workbench for one finished run: its data, model, plan, curves,
 * results and export, as the window shows them when the run is opened (for a report, or for the
 * documentation). Needs a display (or Xvfb); the theme follows {@code UNFREEZE_THEME}.
 */
public final class RunTour {
    private RunTour() {}

    /**
     * Opens the window on the run and saves {@code <step>.png} (with {@code -dark} under the dark
     * theme) for each step into the folder.
     *
     * @return whether every picture was written
     */
    public static boolean photograph(Path run, Path out) throws InterruptedException, IOException {
        Recipe recipe = RecipeCodec.readUnchecked(run.resolve("recipe.json"));
        Files.createDirectories(out);
        Workspace workspace = Workspace.fromEnvironment();
        Theme theme = Theme.fromEnvironment();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Runnable open = () -> {
            theme.apply();
            WorkbenchViewModel model = new WorkbenchViewModel(
                    AppWorkbenchServices.create(workspace, AppWorkbenchServices.thisJvm()), new WorkerTrainingService(), Platform::runLater);
            Stage stage = new Stage();
            Scene scene = new Scene(new WorkbenchView(model), 1200, 820);
            stage.setScene(scene);
            stage.show();
            // the catalog first, then the run's recipe (its model, data, plan and settings), then its events
            model.models().loadModels(recipe.model()).thenComposeAsync(v -> model.plan().openRecipe(run.resolve("recipe.json")),
                    Platform::runLater).thenRunAsync(() -> {
                model.training().followRun(RunSummary.of(run).toPastRun());
                model.training().monitor().outcomeProperty().addListener((obs, old, outcome) -> {
                    if (outcome != null) {
                        // the run's events are replayed; its validation results load after them
                        // and the pictures wait for every background task (the layers, the speed measurement)
                        model.results().loadPredictions().thenRunAsync(() -> whenIdle(model.busyProperty(),
                                () -> shoot(scene, model, out, theme, 0, true, done)), Platform::runLater);
                    }
                });
            }, Platform::runLater).exceptionally(e -> {
                done.completeExceptionally(e);
                return null;
            });
            done.whenCompleteAsync((ok, e) -> stage.close(), Platform::runLater);
        };
        boolean started = false;
        try {
            Platform.startup(open);
            started = true;
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(open); // inside an application that runs JavaFX already
        }
        try {
            return done.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("unfreeze: the pictures could not be taken: " + e);
            return false;
        } finally {
            if (started) {
                Platform.exit();
            }
        }
    }

    /** Runs {@code then} once no background task runs (on the FX thread). */
    private static void whenIdle(BooleanBinding busy, Runnable then) {
        if (!busy.get()) {
            then.run();
            return;
        }
        busy.addListener(new InvalidationListener() {
            @Override
            public void invalidated(Observable o) {
                if (!busy.get()) {
                    busy.removeListener(this);
                    then.run();
                }
            }
        });
    }

    /**
     * Pictures the steps from {@code index} on, one at a time: each step is shown, its own background work (the
     * Layers step's preview and statistics, the heat map of a tried picture on Results) is waited for, then the
     * picture is taken.
     */
    private static void shoot(Scene scene, WorkbenchViewModel model, Path out, Theme theme, int index, boolean allSoFar,
            CompletableFuture<Boolean> done) {
        WorkbenchState.Step[] steps = WorkbenchState.Step.values();
        if (index == steps.length) {
            done.complete(allSoFar);
            return;
        }
        WorkbenchState.Step step = steps[index];
        model.stepProperty().set(step);
        if (step == WorkbenchState.Step.RESULTS && !model.results().gallery().all().isEmpty()) {
            // a picture the run judged, tried again: its classes and where the model looks
            model.results().tryImage(Path.of(model.results().gallery().all().get(0).file()));
        }
        // the step's work starts on the next pulse: look for it then
        Platform.runLater(() -> whenIdle(model.busyProperty(), () -> whenPicturesLoaded(scene, () -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            String name = (step.ordinal() + 1) + "-" + step.name().toLowerCase(Locale.ROOT) + (theme.dark() ? "-dark" : "");
            boolean written = write(scene.snapshot(null), out.resolve(name + ".png"));
            // parts that lie below the fold get pictures of their own
            Node tried = scene.lookup("#try-heat");
            if (step == WorkbenchState.Step.RESULTS && tried != null && tried.isVisible()) {
                written &= write(part(scene, tried.getParent()), out.resolve(name.replace("results", "results-try") + ".png"));
            }
            Node augmented = scene.lookup("#augmentation-preview");
            if (step == WorkbenchState.Step.LAYERS && augmented != null && augmented.isVisible()) {
                written &= write(part(scene, augmented), out.resolve(name.replace("layers", "layers-augmentation") + ".png"));
            }
            shoot(scene, model, out, theme, index + 1, allSoFar && written, done);
        })));
    }

    /** Runs {@code then} on the FX thread once every picture in the scene has loaded (they load in the background). */
    private static void whenPicturesLoaded(Scene scene, Runnable then) {
        Platform.runLater(() -> {
            scene.getRoot().applyCss();
            List<Image> loading = scene.getRoot().lookupAll(".image-view").stream()
                    .map(n -> ((ImageView) n).getImage())
                    .filter(i -> i != null && i.getProgress() < 1 && !i.isError()).toList();
            if (loading.isEmpty()) {
                then.run();
                return;
            }
            loading.get(0).progressProperty().addListener(new InvalidationListener() {
                @Override
                public void invalidated(Observable o) {
                    if (loading.get(0).getProgress() >= 1 || loading.get(0).isError()) {
                        loading.get(0).progressProperty().removeListener(this);
                        whenPicturesLoaded(scene, then);
                    }
                }
            });
        });
    }

    /** A picture of one part of the window, on the window's own background (a dark theme's included). */
    private static Image part(Scene scene, Node node) {
        SnapshotParameters parameters = new SnapshotParameters();
        if (scene.getRoot() instanceof Region root && root.getBackground() != null
                && !root.getBackground().getFills().isEmpty()) {
            parameters.setFill(root.getBackground().getFills().get(0).getFill());
        }
        return node.snapshot(parameters, null);
    }

    private static boolean write(Image picture, Path file) {
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(picture, null), "png", file.toFile());
            return true;
        } catch (IOException e) {
            System.err.println("unfreeze: cannot write " + file + ": " + e.getMessage());
            return false;
        }
    }
}
