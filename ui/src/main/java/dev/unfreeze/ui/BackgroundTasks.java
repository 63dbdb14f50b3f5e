package dev.unfreeze.ui;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The window's background work as named, cancellable tasks: each runs on the background executor,
 * shows in the task list (title, message, cancel) while it runs, and hands its result to the UI
 * executor. The busy state counts the tasks, so one ending does not clear another's; a cancelled
 * task's future ends with a {@link CancellationException} and its result, if any, is dropped.
 */
public final class BackgroundTasks {
    private final Executor background;
    private final Executor ui;
    private final ObservableList<Task<?>> running = FXCollections.observableArrayList();
    private final BooleanBinding busy = Bindings.isNotEmpty(running);

    public BackgroundTasks(Executor background, Executor ui) {
        this.background = background;
        this.ui = ui;
    }

    /**
     * Runs the work in the background as a task with this title.
     *
     * @return completes on the UI executor with the result, or exceptionally with the failure (or
     *     a {@link CancellationException} when the user cancelled it)
     */
    public <T> CompletableFuture<T> submit(String title, Supplier<T> work) {
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
        task.setOnSucceeded(e -> finish(task, () -> result.complete(task.getValue())));
        task.setOnFailed(e -> finish(task, () -> result.completeExceptionally(task.getException())));
        task.setOnCancelled(e -> finish(task, () -> result.completeExceptionally(
                new CancellationException(title + ": cancelled"))));
        Runnable show = () -> {
            if (!task.isDone()) { // a task that already ended (run at once, in tests) is not listed
                running.add(task);
            }
        };
        if (javafx.application.Platform.isFxApplicationThread()) {
            show.run();
        } else {
            ui.execute(show);
        }
        background.execute(task);
        return result;
    }

    private void finish(Task<?> task, Runnable complete) {
        running.remove(task);
        complete.run();
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
        java.util.List.copyOf(running).forEach(Task::cancel);
    }
}
