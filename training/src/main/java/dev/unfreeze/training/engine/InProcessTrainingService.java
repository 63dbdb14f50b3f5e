package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ModelListing;
import dev.unfreeze.training.catalog.ModelReferences;
import dev.unfreeze.training.runs.ProvisionalModelAside;
import dev.unfreeze.training.runs.ReplayingPublisher;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs training in this JVM, one dedicated thread per run. */
public final class InProcessTrainingService implements TrainingService {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessTrainingService.class);

    private final ModelCatalog catalog;
    private final CheckpointStore checkpoints;
    private final TrainingService candidates;

    public InProcessTrainingService(ModelCatalog catalog) {
        this(catalog, new CheckpointStore());
    }

    public InProcessTrainingService(ModelCatalog catalog, CheckpointStore checkpoints) {
        this(catalog, checkpoints, null);
    }

    /**
     * @param candidates trains the automatic plan's candidates, one run per fold (the worker passes a
     *     service that starts a process per run); null trains them in this process
     */
    public InProcessTrainingService(ModelCatalog catalog, CheckpointStore checkpoints, TrainingService candidates) {
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.candidates = candidates;
    }

    @Override
    public RunHandle start(Recipe recipe, Path runDirectory) {
        RecipeCodec.validate(recipe);
        RunPreflight.check(recipe, new ModelListing(catalog.workspace()));
        if (!ModelReferences.isRemote(recipe.model())) {
            // in the engine's own process the model is loaded too, so that a damaged file is refused before a run
            // folder exists (a URL is fetched by the run, with progress)
            catalog.resolve(recipe.model());
        }
        RunFolder folder = new RunFolder(runDirectory);
        return launch(folder, (events, control) -> {
            // what the head reads is decided before the folder records the recipe that export and resume rebuild from
            Recipe decided = HeadFeatures.resolve(recipe, catalog.resolve(recipe.model()).metadata());
            folder.create(decided);
            return setUp(decided, folder, events, control);
        });
    }

    private Start setUp(Recipe recipe, RunFolder folder, Consumer<TrainingEvent> events, RunControl control)
            throws Exception {
        if (!recipe.schedule().automatic() || recipe.fromScratch()) {
            return new Start(PreparedRun.fresh(recipe, folder, catalog, events), Optional.empty());
        }
        PlanSearch.Chosen planned = new PlanSearch(catalog, folder, events, control,
                candidates != null ? candidates : this,
                (provisional, known) -> trainQuietly(provisional, known, folder, control)).choose(recipe);
        // the final run rewrites the folder's recipe for its own network: the first model keeps its own beside it
        ProvisionalModelAside.setAside(folder);
        return new Start(PreparedRun.fresh(planned.recipe(), folder, catalog, events), planned.fallback(),
                planned.estimate());
    }

    /**
     * Scores the automatic plan's finished model on the folds put after its final run. Cancelling now, or a failure,
     * stops only that score: the model is complete, and the run ends as finished.
     */
    private static void estimateTheModel(PlanSearch.HeldOutEstimate estimate, Consumer<TrainingEvent> sink)
            throws Exception {
        try {
            estimate.make();
        } catch (CancellationException e) {
            sink.accept(new TrainingEvent.Notice("Cancelled while the model was scored on the held-out folds: the"
                    + " model is complete, without that score."));
        } catch (Exception e) {
            LOG.warn("the score on the held-out folds failed", e);
            sink.accept(new TrainingEvent.Notice("The model is complete, but its score on the held-out folds could not"
                    + " be made: " + e.getMessage()));
        }
    }

    /**
     * Trains the search's linear probe as the model when the chosen fine-tune's final run learned nothing. Its fit
     * does not draw on the run's charts: they show the final run that failed, and the plan, chosen again, says why.
     */
    private TrainingEvent keepTheProbe(ProbeFallback fallback, String why, RunFolder folder,
            Consumer<TrainingEvent> sink, RunControl control) throws Exception {
        // a kill from here on must not resume the failed run's weights under the probe's recipe
        Files.deleteIfExists(folder.lastCheckpoint());
        Recipe probe = fallback.apply(folder, why, sink);
        Consumer<TrainingEvent> offTheCharts = e -> {
            if (!(e instanceof TrainingEvent.RunStarted || e instanceof TrainingEvent.EpochDone
                    || e instanceof TrainingEvent.BatchDone)) {
                sink.accept(e);
            }
        };
        try (PreparedRun prepared = PreparedRun.fresh(probe, folder, catalog, offTheCharts)) {
            return new TrainingRun(prepared.recipe(), prepared, folder, offTheCharts, control, checkpoints).run();
        }
    }

    /**
     * Trains a recipe to its end in the run's folder without reporting its epochs (the run's charts belong to
     * the final run) and without its test images; a probe takes the features {@code known} has rather than
     * computing them again.
     */
    private void trainQuietly(Recipe recipe, KnownFeatures known, RunFolder folder, RunControl control) throws Exception {
        Consumer<TrainingEvent> kept = e -> { };
        Recipe asked = folder.recipe();
        // the test images are the final run's to decode and score: the first model is wanted in seconds
        try (PreparedRun prepared = PreparedRun.fresh(recipe, folder, catalog, kept, false)) {
            TrainingEvent end = new TrainingRun(prepared.recipe(), prepared, folder, kept, control, checkpoints,
                    Optimizers::create, known).run();
            if (end instanceof TrainingEvent.Cancelled) {
                throw new CancellationException("cancelled during the plan search");
            }
            if (end instanceof TrainingEvent.Failed f) {
                throw new UnfreezeException(f.message());
            }
        } finally {
            // the run is still the search: resuming it after a kill searches again (its model stays as the best)
            RecipeCodec.write(asked, folder.recipeFile());
            Files.deleteIfExists(folder.lastCheckpoint());
        }
    }

    /**
     * Continues a run from its last checkpoint. A run that stopped before its first checkpoint starts
     * again from the beginning, and says so: with its recorded split when it got that far, else (it
     * stopped while its dataset was read or its plan searched) from its recipe.
     */
    @Override
    public RunHandle resume(Path runDirectory) {
        RunFolder folder = new RunFolder(runDirectory);
        Recipe recipe = folder.recipe();
        if (Files.isRegularFile(folder.lastCheckpoint())) {
            return launch(folder, (events, control) -> {
                // the folds are the search's, not made again: its plan must not promise their score
                FoldsAfterTheModel.notMade(folder, "the run was stopped before them, and resuming it completes the"
                        + " model, not the search", events);
                return new Start(PreparedRun.resumed(recipe, folder, catalog, events), Optional.empty());
            });
        }
        return launch(folder, (events, control) -> {
            folder.truncateAfterEpoch(-1);
            // (an automatic plan's run that stopped during its search searches again)
            boolean splitKnown = Files.isRegularFile(folder.infoFile())
                    && !recipe.schedule().automatic();
            events.accept(new TrainingEvent.Notice("No checkpoint was saved before this run stopped, so it starts again "
                    + "from the beginning with the same recipe" + (splitKnown ? " and the same split." : ".")));
            return splitKnown ? new Start(PreparedRun.restarted(recipe, folder, catalog, events), Optional.empty())
                    : setUp(recipe, folder, events, control);
        });
    }

    private interface Setup {
        /** Sets the run up; an automatic plan's search reports and obeys cancelling through these. */
        Start prepare(Consumer<TrainingEvent> events, RunControl control) throws Exception;
    }

    /**
     * A run set up to train, the probe to keep instead should it learn nothing (an automatic plan's fine-tune;
     * a resumed final run has only its own later epochs to be judged by, so it keeps what it trains), and the
     * chosen plan's score on the folds put after its model, to make once it is trained.
     */
    private record Start(PreparedRun prepared, Optional<ProbeFallback> fallback,
            Optional<PlanSearch.HeldOutEstimate> estimate) {
        Start(PreparedRun prepared, Optional<ProbeFallback> fallback) {
            this(prepared, fallback, Optional.empty());
        }
    }

    private RunHandle launch(RunFolder folder, Setup setup) {
        ReplayingPublisher<TrainingEvent> publisher = ReplayingPublisher.forRunEvents();
        CompletableFuture<TrainingEvent> completion = new CompletableFuture<>();
        RunControl control = new RunControl();
        Consumer<TrainingEvent> sink = event -> emit(folder, publisher, event);
        Thread thread = new Thread(() -> {
            TrainingEvent last;
            try {
                Start start = setup.prepare(sink, control);
                LearningWatch watch = new LearningWatch();
                try (PreparedRun prepared = start.prepared()) {
                    last = new TrainingRun(prepared.recipe(), prepared, folder, sink.andThen(watch), control,
                            checkpoints).run();
                }
                Optional<TrainingEvent.NotLearned> notLearned = watch.notLearned();
                if (last instanceof TrainingEvent.Finished && notLearned.isEmpty() && start.estimate().isPresent()) {
                    estimateTheModel(start.estimate().get(), sink);
                }
                if (last instanceof TrainingEvent.Finished && notLearned.isPresent()) {
                    if (start.fallback().isPresent()) {
                        last = keepTheProbe(start.fallback().get(), notLearned.get().why(), folder, sink, control);
                    } else if (notLearned.get().diverged() || !start.prepared().recipe().fromScratch()) {
                        // a baseline from scratch that learned little is the answer it exists to give
                        sink.accept(notLearned.get());
                    }
                }
            } catch (CancellationException e) {
                last = new TrainingEvent.Cancelled(0, 0);
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
