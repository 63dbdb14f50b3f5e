package dev.unfreeze.app.gui;

import dev.unfreeze.app.worker.WorkerTrainingService;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.ui.shared.Theme;
import dev.unfreeze.ui.WorkbenchView;
import dev.unfreeze.ui.WorkbenchViewModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Opens the workbench window with the bundled small CNN and the sample dataset already selected,
 * and remembers the window's size and position between starts.
 */
public final class GuiLauncher {
    private GuiLauncher() {}

    /** Wires the services and shows the window; returns when the window is closed. */
    public static void open(Path sampleDataset) throws InterruptedException {
        open(sampleDataset, null);
    }

    /**
     * Shows the window; with {@code screenshot} set, saves a picture of it once the model and the
     * sample dataset are loaded and closes it (how installed packages are checked).
     */
    public static void open(Path sampleDataset, Path screenshot) throws InterruptedException {
        Workspace workspace = Workspace.fromEnvironment();
        CountDownLatch closed = new CountDownLatch(1);
        Theme theme = Theme.fromEnvironment(); // may ask the desktop: off the FX thread
        Platform.startup(() -> {
            theme.apply();
            WorkbenchViewModel model = new WorkbenchViewModel(
                    AppWorkbenchServices.create(workspace, AppWorkbenchServices.thisJvm()),
                    new WorkerTrainingService(), Platform::runLater);
            Stage stage = new Stage();
            stage.setTitle("Unfreeze");
            Scene scene = new Scene(new WorkbenchView(model), 1200, 800);
            stage.setScene(scene);
            restoreBounds(stage, workspace.root().resolve("window.properties"));
            stage.setOnCloseRequest(e -> {
                if (model.training().trainingInProgress() && !CloseDialog.confirm(stage, model)) {
                    e.consume();
                }
            });
            stage.setOnHidden(e -> {
                saveBounds(stage, workspace.root().resolve("window.properties"));
                closed.countDown();
            });
            stage.getIcons().add(new Image(GuiLauncher.class.getResource("/unfreeze/assets/icons/unfreeze.png").toExternalForm()));
            stage.show();
            CompletableFuture<Void> ready = model.models().loadModels("fashion_cnn");
            if (sampleDataset != null && Files.isDirectory(sampleDataset)) {
                ready = CompletableFuture.allOf(ready, model.data().openDataset(sampleDataset));
            }
            if (screenshot != null) {
                ready.thenRunAsync(() -> {
                    saveScreenshot(scene, screenshot);
                    stage.close();
                }, Platform::runLater);
            }
        });
        closed.await();
        Platform.exit();
    }

    private static void saveScreenshot(Scene scene, Path file) {
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png",
                    file.toFile());
        } catch (IOException e) {
            System.err.println("unfreeze: cannot write the screenshot " + file + ": " + e.getMessage());
        }
    }

    private static void restoreBounds(Stage stage, Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            stage.setX(Double.parseDouble(p.getProperty("x")));
            stage.setY(Double.parseDouble(p.getProperty("y")));
            stage.setWidth(Double.parseDouble(p.getProperty("width")));
            stage.setHeight(Double.parseDouble(p.getProperty("height")));
        } catch (Exception e) {
            // A damaged settings file only costs the remembered size.
        }
    }

    private static void saveBounds(Stage stage, Path file) {
        Properties p = new Properties();
        p.setProperty("x", String.valueOf(stage.getX()));
        p.setProperty("y", String.valueOf(stage.getY()));
        p.setProperty("width", String.valueOf(stage.getWidth()));
        p.setProperty("height", String.valueOf(stage.getHeight()));
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "Unfreeze window");
            }
        } catch (Exception e) {
            // Not remembering the window's size is not worth an error.
        }
    }
}
