package dev.unfreeze.app.gui;

import dev.unfreeze.app.worker.WorkerTrainingService;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.runs.RunSummary;
import dev.unfreeze.ui.Theme;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.WorkbenchState;
import dev.unfreeze.ui.WorkbenchViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

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
                    new AppWorkbenchServices(workspace, AppWorkbenchServices.thisJvm()), new WorkerTrainingService(), Platform::runLater);
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
                                () -> done.complete(shootAll(scene, model, out, theme))), Platform::runLater);
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
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            System.err.println("unfreeze: the pictures could not be taken: " + e);
            return false;
        } finally {
            if (started) {
                Platform.exit();
            }
        }
    }

    /** Runs {@code then} once no background task runs (on the FX thread). */
    private static void whenIdle(javafx.beans.binding.BooleanBinding busy, Runnable then) {
        if (!busy.get()) {
            then.run();
            return;
        }
        busy.addListener(new javafx.beans.InvalidationListener() {
            @Override
            public void invalidated(javafx.beans.Observable o) {
                if (!busy.get()) {
                    busy.removeListener(this);
                    then.run();
                }
            }
        });
    }

    private static boolean shootAll(Scene scene, WorkbenchViewModel model, Path out, Theme theme) {
        boolean all = true;
        for (WorkbenchState.Step step : WorkbenchState.Step.values()) {
            model.stepProperty().set(step);
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            String name = (step.ordinal() + 1) + "-" + step.name().toLowerCase(Locale.ROOT) + (theme.dark() ? "-dark" : "");
            try {
                javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png",
                        out.resolve(name + ".png").toFile());
            } catch (IOException e) {
                System.err.println("unfreeze: cannot write " + out.resolve(name + ".png") + ": " + e.getMessage());
                all = false;
            }
        }
        return all;
    }
}
