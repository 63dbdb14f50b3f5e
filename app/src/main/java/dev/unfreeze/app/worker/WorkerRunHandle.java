package dev.unfreeze.app.worker;

import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.ReplayingPublisher;
import dev.unfreeze.training.runs.RunFolder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job in a worker process: reads its events, sends its requests, and turns an unexpected exit
 * into a plain-worded failure with the exit status and the end of the worker's log.
 */
final class WorkerRunHandle implements RunHandle {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRunHandle.class);
    private static final int LOG_TAIL_LINES = 30;

    private final Process process;
    private final Path runDirectory;
    private final Path log;
    private final Duration cancelGrace;
    private final Writer requests;
    private final ReplayingPublisher<TrainingEvent> publisher = ReplayingPublisher.forRunEvents();
    private final CompletableFuture<TrainingEvent> completion = new CompletableFuture<>();
    private final Deque<String> strayOutput = new ArrayDeque<>();

    WorkerRunHandle(Process process, Path runDirectory, Path log, Duration cancelGrace) {
        this.process = process;
        this.runDirectory = runDirectory;
        this.log = log;
        this.cancelGrace = cancelGrace;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readEvents, "unfreeze-worker-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The worker's process id. */
    long pid() {
        return process.pid();
    }

    synchronized void send(String line) {
        try {
            requests.write(line);
            requests.write('\n');
            requests.flush();
        } catch (IOException e) {
            LOG.debug("the worker no longer reads requests", e);
        }
    }

    /** Closes the worker's input, as happens when this process dies; the worker then stops its job. */
    synchronized void closeRequests() {
        try {
            requests.close();
        } catch (IOException e) {
            LOG.debug("closing the worker's input failed", e);
        }
    }

    private void readEvents() {
        TrainingEvent last = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                TrainingEvent event = parse(line);
                if (event != null) {
                    publisher.publish(event);
                    last = event;
                }
            }
        } catch (IOException e) {
            LOG.debug("the worker's output ended", e);
        }
        int status = waitForExit();
        if (last == null || !last.terminal()) {
            last = crashed(status);
            try {
                // Mark the run interrupted in its own log, so a later start shows it as such.
                RunFolder folder = new RunFolder(runDirectory);
                folder.append(last);
                folder.close();
            } catch (IOException e) {
                LOG.warn("could not mark {} as interrupted", runDirectory, e);
            }
            publisher.publish(last);
        }
        publisher.complete();
        completion.complete(last);
    }

    private TrainingEvent parse(String line) {
        try {
            WorkerMessage message = WorkerProtocol.parse(line);
            if (message instanceof WorkerMessage.Event event) {
                return event.event();
            }
            if (message instanceof WorkerMessage.Error error) {
                LOG.warn("the worker refused a request: {}", error.message());
            }
            return null;
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a malformed line from the worker ({}): {}", e.getMessage(), line);
            // The JVM itself may print its last words here (such as an out-of-memory exit).
            synchronized (strayOutput) {
                strayOutput.addLast(line);
                if (strayOutput.size() > LOG_TAIL_LINES) {
                    strayOutput.removeFirst();
                }
            }
            return null;
        }
    }

    private int waitForExit() {
        try {
            if (!process.waitFor(cancelGrace.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private TrainingEvent.Failed crashed(int status) {
        String tail = logTail();
        synchronized (strayOutput) {
            if (!strayOutput.isEmpty()) {
                tail = tail + (tail.isEmpty() ? "" : "\n") + String.join("\n", strayOutput);
            }
        }
        String cause = status == 137 || status == 9 ? " (it was killed)" : "";
        if (tail.contains("OutOfMemoryError")) {
            cause = ": it ran out of memory; try a smaller batch size or image size";
        } else {
            String exception = tail.lines().filter(l -> l.contains("Exception") || l.contains("Error")).findFirst().orElse("");
            if (!exception.isBlank() && cause.isEmpty()) {
                cause = ": " + exception.strip();
            }
        }
        String detail = tail.isBlank() ? "the training process left no message: its log " + log + " is empty"
                + (cause.isEmpty() ? "" : " (it was stopped from outside, as by kill -9 or the system running out of memory)")
                : tail;
        return new TrainingEvent.Failed("the training process stopped unexpectedly (exit status " + status + ")" + cause
                + ". The last checkpoint is kept; resume the run to continue.", detail);
    }

    private String logTail() {
        try {
            if (!Files.isRegularFile(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(the worker log could not be read: " + e.getMessage() + ")";
        }
    }

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
        send(WorkerProtocol.write(new WorkerMessage.Cancel()));
        // A worker stuck inside a native call cannot see the request: end it after the grace period.
        CompletableFuture.delayedExecutor(cancelGrace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (process.isAlive()) {
                LOG.warn("the worker did not stop within {} after cancel; ending it", cancelGrace);
                process.destroyForcibly();
            }
        });
    }

    @Override
    public boolean detach() {
        send(WorkerProtocol.write(new WorkerMessage.Detach()));
        return process.isAlive();
    }

    @Override
    public void pause() {
        send(WorkerProtocol.write(new WorkerMessage.Pause()));
    }

    @Override
    public void resume() {
        send(WorkerProtocol.write(new WorkerMessage.Resume()));
    }
}
