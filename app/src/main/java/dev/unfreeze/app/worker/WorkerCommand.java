package dev.unfreeze.app.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.engine.InProcessTrainingService;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        send(WorkerProtocol.write(WorkerProtocol.message("ready").put("pid", ProcessHandle.current().pid())));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            try {
                handle(WorkerProtocol.parse(line));
            } catch (IllegalArgumentException e) {
                LOG.warn("refused request {}: {}", line, e.getMessage());
                send(WorkerProtocol.error("refused request: " + e.getMessage()));
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

    private void handle(JsonNode request) {
        String type = request.get("type").asText();
        switch (type) {
            case "start", "resume-run" -> {
                if (handle != null) {
                    throw new IllegalArgumentException("this worker already runs a job");
                }
                if (!request.path("runDir").isTextual()) {
                    throw new IllegalArgumentException("'" + type + "' needs a runDir");
                }
                Path runDir = Path.of(request.get("runDir").asText());
                // an automatic plan trains each candidate fold in a worker of its own
                InProcessTrainingService service = new InProcessTrainingService(new ModelCatalog(Workspace.fromEnvironment()),
                        new dev.unfreeze.training.engine.CheckpointStore(), new WorkerTrainingService());
                if (type.equals("start")) {
                    Recipe recipe = RecipeCodec.parse(request.path("recipe").toString());
                    handle = service.start(recipe, runDir);
                } else {
                    handle = service.resume(runDir);
                }
                writePid(runDir);
                handle.events().subscribe(new Forwarder());
            }
            case "detach" -> {
                running();
                detached = true;
            }
            case "pause" -> running().pause();
            case "resume" -> running().resume();
            case "cancel" -> running().cancel();
            default -> throw new IllegalArgumentException("unknown request type '" + type + "'");
        }
    }

    /** Leaves our process id in the run folder, so a later start can tell the run is still going. */
    private static void writePid(Path runDir) {
        try {
            java.nio.file.Files.createDirectories(runDir);
            java.nio.file.Files.writeString(runDir.resolve("worker.pid"), String.valueOf(ProcessHandle.current().pid()));
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
            send(WorkerProtocol.event(event));
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
