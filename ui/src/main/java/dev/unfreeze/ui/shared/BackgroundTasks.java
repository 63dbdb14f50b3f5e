package dev.unfreeze.ui.shared;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The window's background work as named, cancellable tasks: each runs on the executor of its
 * {@link Lane}, shows in the task list (title, message, cancel) while it runs, and hands its result to
 * the UI executor. The busy state counts the tasks, so one ending does not clear another's; a cancelled
 * task's future ends with a {@link CancellationException} and its result, if any, is dropped. Work
 * submitted under a key supersedes the earlier work of that key: the earlier task is cancelled and its
 * result, should it still arrive, is dropped (a layer layout read for a model the user has since left).
 */
public final class BackgroundTasks {

    /**
     * Kinds of background work, each on its own thread(s), so that one kind never waits behind another:
     * a dataset read does not queue behind a speed measurement, while work of one kind runs in order.
     */
    public enum Lane {
        /** Reading datasets, run folders and recipe files. */
        FILES(1),
        /** The model catalog: reading it, importing and downloading models, reading their layer groups. */
        MODELS(1),
        /** Speed measurement and the rate finder: one at a time, so two measurements never share the processor. */
        MEASURING(1),
        /** Work on a finished run in helper processes: its validation results, predictions, exports. */
        RESULTS(1),
        /** Starting training runs. */
        RUNS(1),
        /** Watching work done elsewhere (the engine unpacking, the engine's description): as many threads as needed. */
        WATCHING(0);

        private final int threads;

        Lane(int threads) {
            this.threads = threads;
        }

        /** The thread name prefix, as thread dumps show it. */
        public String threadName() {
            return "unfreeze-" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a superseded task's future ends: quietly, since newer work of the same kind reports instead. */
    public static final class Superseded extends CancellationException {
        private static final long serialVersionUID = 1L;

        Superseded(String title) {
            super(title + ": superseded");
        }
    }

    private final Function<Lane, Executor> lanes;
    private final Executor ui;
    private final ObservableList<Task<?>> running = FXCollections.observableArrayList();
    private final BooleanBinding busy = Bindings.isNotEmpty(running);
    private final Map<String, Task<?>> latest = new ConcurrentHashMap<>();

    /** Every lane on one executor (tests pass a direct or small executor). */
    public BackgroundTasks(Executor background, Executor ui) {
        this(lane -> background, ui);
    }

    public BackgroundTasks(Function<Lane, Executor> lanes, Executor ui) {
        this.lanes = lanes;
        this.ui = ui;
    }

    /** One executor per lane, its threads named after it ({@code unfreeze-files-1}, ...), daemons all. */
    public static Function<Lane, Executor> ownThreads() {
        return new OwnThreads();
    }

    /** The lanes' own executors; closing the tasks stops them. */
    private static final class OwnThreads implements Function<Lane, Executor>, AutoCloseable {
        private final Map<Lane, ExecutorService> executors = new EnumMap<>(Lane.class);

        OwnThreads() {
            for (Lane lane : Lane.values()) {
                AtomicInteger count = new AtomicInteger();
                ThreadFactory threads = r -> {
                    Thread t = new Thread(r, lane.threadName() + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
                executors.put(lane, lane.threads == 0 ? Executors.newCachedThreadPool(threads)
                        : Executors.newFixedThreadPool(lane.threads, threads));
            }
        }

        @Override
        public Executor apply(Lane lane) {
            return executors.get(lane);
        }

        @Override
        public void close() {
            executors.values().forEach(ExecutorService::shutdownNow);
        }
    }

    /** The executor of a lane, for work that is not a listed task (pollers). */
    public Executor lane(Lane lane) {
        return lanes.apply(lane);
    }

    /**
     * Runs the work on its lane as a task with this title.
     *
     * @return completes on the UI executor with the result, or exceptionally with the failure (or
     *     a {@link CancellationException} when the user cancelled it)
     */
    public <T> CompletableFuture<T> submit(Lane lane, String title, Supplier<T> work) {
        return run(null, lane, title, work);
    }

    /**
     * Runs the work as {@link #submit} does, superseding the earlier work submitted under the same key:
     * that task is cancelled, and its future ends with {@link Superseded} even when its result was ready.
     */
    public <T> CompletableFuture<T> submitLatest(String key, Lane lane, String title, Supplier<T> work) {
        return run(key, lane, title, work);
    }

    private <T> CompletableFuture<T> run(String key, Lane lane, String title, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Task<T> task = new Task<>() {
            {
                updateTitle(title);
            }

            @Override
            protected T call() {
                return work.get();
            }
        };
        if (key != null) {
            Task<?> earlier = latest.put(key, task);
            if (earlier != null) {
                earlier.cancel();
            }
        }
        task.setOnSucceeded(e -> finish(key, task, () -> {
            if (key != null && latest.get(key) != task) {
                result.completeExceptionally(new Superseded(title));
            } else {
                result.complete(task.getValue());
            }
        }));
        task.setOnFailed(e -> finish(key, task, () -> result.completeExceptionally(task.getException())));
        task.setOnCancelled(e -> finish(key, task, () -> result.completeExceptionally(
                key != null && latest.get(key) != task ? new Superseded(title) : new CancellationException(title + ": cancelled"))));
        Runnable show = () -> {
            if (!task.isDone()) { // a task that already ended (run at once, in tests) is not listed
                running.add(task);
            }
        };
        if (Platform.isFxApplicationThread()) {
            show.run();
        } else {
            ui.execute(show);
        }
        lane(lane).execute(task);
        return result;
    }

    /** Hands over the result, then stops counting the task: busy ends only once its result is applied. */
    private void finish(String key, Task<?> task, Runnable complete) {
        try {
            complete.run();
        } finally {
            running.remove(task);
            if (key != null) {
                latest.remove(key, task);
            }
        }
    }

    /** The tasks now running, for the task list. */
    public ObservableList<Task<?>> running() {
        return running;
    }

    /** Whether any task runs. */
    public BooleanBinding busy() {
        return busy;
    }

    /** Cancels every running task (the window closing). */
    public void cancelAll() {
        List.copyOf(running).forEach(Task::cancel);
    }

    /** Cancels every running task and stops the lanes' own threads, if they have their own. */
    public void close() {
        cancelAll();
        if (lanes instanceof AutoCloseable own) {
            try {
                own.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
