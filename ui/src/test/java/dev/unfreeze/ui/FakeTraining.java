package dev.unfreeze.ui;

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

/** A training service that plays a short, plausible run when asked to finish. */
public final class FakeTraining implements TrainingService {
    Recipe started;
    /** Whether the run is paused, as the fake's handle was last told. */
    volatile boolean paused;
    private volatile Flow.Subscriber<? super TrainingEvent> subscriber;

    @Override
    public RunHandle start(Recipe recipe, Path runDirectory) {
        started = recipe;
        return new RunHandle() {
            @Override
            public Flow.Publisher<TrainingEvent> events() {
                return s -> subscriber = s;
            }

            @Override
            public CompletableFuture<TrainingEvent> completion() {
                return new CompletableFuture<>();
            }

            @Override
            public void cancel() {}

            @Override
            public void pause() {
                paused = true;
            }

            @Override
            public void resume() {
                paused = false;
            }
        };
    }

    @Override
    public RunHandle resume(Path runDirectory) {
        throw new UnsupportedOperationException();
    }

    /** Whether the window has subscribed to the started run's events (it holds the run's handle by then). */
    boolean subscribed() {
        return subscriber != null;
    }

    void finish() {
        finish(false);
    }

    /** Plays a whole run; {@code everyImage}: one that trained on every image, with no validation images. */
    void finish(boolean everyImage) {
        List<String> classes = List.of("Ankle boot", "Bag", "Sandal", "Shirt", "Sneaker");
        List<TrainingEvent> events = new ArrayList<>();
        events.add(new TrainingEvent.RunStarted("fashion_cnn", "cpu()", classes, List.of("block1", "block2", "block3"),
                80, 20, 4, 0, 5, List.of()));
        long step = 0;
        for (int epoch = 0; epoch < 4; epoch++) {
            if (epoch == 1 || epoch == 2) {
                events.add(new TrainingEvent.GroupThawed(epoch, 3 - epoch, "block" + (4 - epoch)));
            }
            for (int b = 0; b < 5; b++) {
                step++;
                // a cosine schedule with ULMFiT's rates: block3 trains from epoch 2, block2 from epoch 3, block1 never
                double rate = 0.003 * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / 20.0));
                events.add(new TrainingEvent.BatchDone(epoch, b, step, 1.6 * Math.exp(-step / 9.0) + 0.1 * Math.sin(step),
                        rate, 900, epoch == 0, java.util.Arrays.asList(null, epoch >= 2 ? rate / (2.6 * 2.6) : null,
                                epoch >= 1 ? rate / 2.6 : null)));
            }
            int[][] confusion = new int[5][5];
            for (int i = 0; i < 5; i++) {
                confusion[i][i] = 2 + Math.min(2, epoch);
                confusion[i][(i + 1) % 5] = 4 - confusion[i][i];
            }
            List<ClassMetrics> metrics = classes.stream().map(c -> new ClassMetrics(c, 0.7, 0.7, 0.7, 4)).toList();
            if (everyImage) {
                confusion = new int[5][5];
                metrics = classes.stream().map(c -> new ClassMetrics(c, 0, 0, 0, 0)).toList();
            }
            events.add(new TrainingEvent.EpochDone(epoch, 1.5 - 0.3 * epoch, 0.4 + 0.1 * epoch,
                    everyImage ? Double.NaN : 1.4 - 0.25 * epoch, everyImage ? Double.NaN : 0.5 + 0.1 * epoch, metrics,
                    confusion, 645, 0.3));
            events.add(new TrainingEvent.CheckpointSaved(epoch, "last.ckpt", false));
            events.add(new TrainingEvent.CheckpointSaved(epoch, "best.ckpt", true));
        }
        events.add(everyImage ? new TrainingEvent.Finished(4, Double.NaN, Double.NaN, 3, false)
                : new TrainingEvent.Finished(4, 0.8, 0.65, 3, false));
        for (TrainingEvent e : events) {
            subscriber.onNext(e);
        }
        subscriber.onComplete();
    }
}
