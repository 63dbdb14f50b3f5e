package dev.unfreeze.app.worker;

import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.engine.CheckpointStore;
import dev.unfreeze.training.engine.InProcessTrainingService;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code unfreeze worker}: runs one training job for a client process, speaking
 * {@link WorkerProtocol} on standard input and output. Logs go to standard error, which the client
 * sends to a file in the run folder.
 */
@Command(name = "worker", hidden = true, description = "Run one training job for the workbench (JSON lines on stdin/stdout).")
public final class WorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    private PrintStream protocol;
    private RunHandle handle;
    private volatile boolean detached;

    @Override
    public Integer call() throws IOException {
        // The protocol owns standard output; anything else printed by accident goes to the log.
        protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        send(WorkerProtocol.write(new WorkerMessage.Ready(ProcessHandle.current().pid())));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            try {
                handle(WorkerProtocol.parse(line));
            } catch (IllegalArgumentException e) {
                LOG.warn("refused request {}: {}", line, e.getMessage());
                send(WorkerProtocol.write(new WorkerMessage.Error("refused request: " + e.getMessage())));
            }
        }
        // The client closed our input: it is gone. Stop the run cleanly, unless it asked us to finish.
        if (handle != null) {
            if (detached) {
                LOG.info("the client left; finishing the run on our own as it asked");
            } else {
                handle.cancel();
            }
            handle.completion().join();
        }
        return 0;
    }

    private void handle(WorkerMessage message) {
        if (!(message instanceof WorkerMessage.Request request)) {
            throw new IllegalArgumentException("a worker takes requests, not '" + message.getClass().getSimpleName() + "'");
        }
        if (request instanceof WorkerMessage.Start start) {
            Path runDir = newJob(start.runDir(), "start");
            handle = service().start(start.recipe(), runDir);
            started(runDir);
        } else if (request instanceof WorkerMessage.ResumeRun resume) {
            Path runDir = newJob(resume.runDir(), "resume-run");
            handle = service().resume(runDir);
            started(runDir);
        } else if (request instanceof WorkerMessage.Detach) {
            running();
            detached = true;
        } else if (request instanceof WorkerMessage.Pause) {
            running().pause();
        } else if (request instanceof WorkerMessage.Resume) {
            running().resume();
        } else if (request instanceof WorkerMessage.Cancel) {
            running().cancel();
        }
    }

    /** The run folder of a new job, once it is clear that this worker can take one. */
    private Path newJob(String runDir, String type) {
        if (handle != null) {
            throw new IllegalArgumentException("this worker already runs a job");
        }
        if (runDir == null) {
            throw new IllegalArgumentException("'" + type + "' needs a runDir");
        }
        return Path.of(runDir);
    }

    /** An automatic plan trains each candidate fold in a worker of its own. */
    private static InProcessTrainingService service() {
        return new InProcessTrainingService(new ModelCatalog(Workspace.fromEnvironment()),
                new CheckpointStore(), new WorkerTrainingService());
    }

    private void started(Path runDir) {
        writePid(runDir);
        handle.events().subscribe(new Forwarder());
    }

    /** Leaves our process id in the run folder, so a later start can tell the run is still going. */
    private static void writePid(Path runDir) {
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("worker.pid"), String.valueOf(ProcessHandle.current().pid()));
        } catch (IOException e) {
            LOG.warn("could not write worker.pid in {}", runDir, e);
        }
    }

    private RunHandle running() {
        if (handle == null) {
            throw new IllegalArgumentException("no job is running");
        }
        return handle;
    }

    private synchronized void send(String line) {
        protocol.println(line);
    }

    /** Forwards the run's events; after the last one the worker exits. */
    private final class Forwarder implements Flow.Subscriber<TrainingEvent> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(TrainingEvent event) {
            send(WorkerProtocol.write(new WorkerMessage.Event(event)));
            if (event.terminal()) {
                protocol.flush();
                Runtime.getRuntime().halt(0);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            LOG.error("event stream failed", throwable);
        }

        @Override
        public void onComplete() {
            // The terminal event ends the process.
        }
    }
}
