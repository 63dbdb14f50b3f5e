package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.ModelCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs training in this JVM, one dedicated thread per run. */
public final class InProcessTrainingService implements TrainingService {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessTrainingService.class);

    private final ModelCatalog catalog;
    private final CheckpointStore checkpoints;

    public InProcessTrainingService(ModelCatalog catalog) {
        this(catalog, new CheckpointStore());
    }

    public InProcessTrainingService(ModelCatalog catalog, CheckpointStore checkpoints) {
        this.catalog = catalog;
        this.checkpoints = checkpoints;
    }

    @Override
    public RunHandle start(Recipe recipe, Path runDirectory) {
        RecipeCodec.validate(recipe);
        RunFolder folder = new RunFolder(runDirectory);
        return launch(folder, () -> {
            folder.create(recipe);
            return PreparedRun.fresh(recipe, folder, catalog);
        }, recipe);
    }

    @Override
    public RunHandle resume(Path runDirectory) {
        RunFolder folder = new RunFolder(runDirectory);
        Recipe recipe = folder.recipe();
        return launch(folder, () -> PreparedRun.resumed(recipe, folder, catalog), recipe);
    }

    private interface Setup {
        PreparedRun prepare() throws Exception;
    }

    private RunHandle launch(RunFolder folder, Setup setup, Recipe recipe) {
        ReplayingPublisher<TrainingEvent> publisher = new ReplayingPublisher<>();
        CompletableFuture<TrainingEvent> completion = new CompletableFuture<>();
        RunControl control = new RunControl();
        Thread thread = new Thread(() -> {
            TrainingEvent last;
            try (PreparedRun prepared = setup.prepare()) {
                TrainingRun run = new TrainingRun(recipe, prepared, folder, event -> emit(folder, publisher, event),
                        control, checkpoints);
                last = run.run();
            } catch (UnfreezeException e) {
                last = new TrainingEvent.Failed(e.getMessage(), stackTrace(e));
            } catch (OutOfMemoryError e) {
                last = new TrainingEvent.Failed("training ran out of memory; try a smaller batch size or image size",
                        stackTrace(e));
            } catch (Exception | Error e) {
                LOG.error("training failed", e);
                last = new TrainingEvent.Failed("training failed: " + e, stackTrace(e));
            }
            emit(folder, publisher, last);
            try {
                folder.close();
            } catch (IOException e) {
                LOG.warn("could not close the event log of {}", folder.dir(), e);
            }
            publisher.complete();
            completion.complete(last);
        }, "unfreeze-training");
        thread.setDaemon(true);
        thread.start();
        return new RunHandle() {
            @Override
            public Flow.Publisher<TrainingEvent> events() {
                return publisher;
            }

            @Override
            public CompletableFuture<TrainingEvent> completion() {
                return completion;
            }

            @Override
            public void cancel() {
                control.cancel();
            }

            @Override
            public void pause() {
                control.pause();
            }

            @Override
            public void resume() {
                control.resume();
            }
        };
    }

    private static void emit(RunFolder folder, ReplayingPublisher<TrainingEvent> publisher, TrainingEvent event) {
        try {
            folder.append(event);
        } catch (IOException e) {
            LOG.warn("could not append to {}", folder.eventsFile(), e);
        }
        publisher.publish(event);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
