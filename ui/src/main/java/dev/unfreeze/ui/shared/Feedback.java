package dev.unfreeze.ui.shared;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What every step reports to, shared by the step view models: the status line, the error bar (a
 * plain sentence, the detail one click away) and background work as named, cancellable tasks.
 */
public final class Feedback {
    private final StringProperty status = new SimpleStringProperty(
            "Drop a dataset (a folder of class folders, an archive, a manifest or images), or open one.");
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty errorDetail = new SimpleStringProperty();
    private final BackgroundTasks tasks;

    public Feedback(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    /**
     * Runs slow work on its lane as a task titled by the message (shown in the status line meanwhile);
     * its result goes to {@code done} on the UI thread, a failure to the error bar, a cancel to the status line.
     */
    public <T> CompletableFuture<Void> work(BackgroundTasks.Lane lane, String message, Supplier<T> task, Consumer<T> done) {
        return report(message, tasks.submit(lane, title(message), task), done);
    }

    /**
     * As {@link #work}, superseding earlier work of the same key: only the newest result is applied,
     * and a superseded one ends quietly.
     */
    public <T> CompletableFuture<Void> latestWork(String key, BackgroundTasks.Lane lane, String message, Supplier<T> task,
            Consumer<T> done) {
        return report(message, tasks.submitLatest(key, lane, title(message), task), done);
    }

    private static String title(String message) {
        return message.replaceAll("\\.+$", "");
    }

    private <T> CompletableFuture<Void> report(String message, CompletableFuture<T> submitted, Consumer<T> done) {
        status.set(message);
        error.set(null);
        return submitted.handle((result, failure) -> {
            if (failure instanceof BackgroundTasks.Superseded) {
                return null; // the newer work reports
            } else if (failure instanceof CancellationException) {
                status.set(failure.getMessage() + ".");
            } else if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                fail(cause.getMessage(), String.valueOf(cause));
            } else {
                done.accept(result);
            }
            return null;
        });
    }

    /** Shows an error in words, with its detail. */
    public void fail(String message, String detail) {
        error.set(message);
        errorDetail.set(detail);
        status.set("Something went wrong; see the message above.");
    }

    public BackgroundTasks tasks() {
        return tasks;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty errorDetailProperty() {
        return errorDetail;
    }
}
