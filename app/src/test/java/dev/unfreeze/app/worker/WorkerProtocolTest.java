package dev.unfreeze.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every message survives the trip through a line; bad messages in either direction are answered or ignored, never a hang. */
class WorkerProtocolTest {

    @Test
    void everyMessageReadsBackAsWritten() {
        Recipe recipe = WorkerFixtures.recipe(1);
        List<WorkerMessage> messages = List.of(WorkerMessage.Start.of(Path.of("/tmp/run"), recipe),
                new WorkerMessage.ResumeRun("/tmp/run"), new WorkerMessage.Pause(), new WorkerMessage.Resume(),
                new WorkerMessage.Cancel(), new WorkerMessage.Detach(), new WorkerMessage.Ready(4242),
                new WorkerMessage.Event(new TrainingEvent.Failed("the disk is full", "detail")),
                new WorkerMessage.Error("refused request: no job is running"));
        for (WorkerMessage message : messages) {
            String line = WorkerProtocol.write(message);
            assertThat(line).doesNotContain("\n").contains("\"protocol\":1");
            assertThat(WorkerProtocol.parse(line)).as(line).isEqualTo(message);
        }
        assertThat(((WorkerMessage.Start) WorkerProtocol.parse(WorkerProtocol.write(messages.get(0)))).recipe())
                .isEqualTo(recipe);
        // each message type is written once in the hierarchy, and the list above has them all
        assertThat(messages.stream().map(Object::getClass).distinct()).hasSize(
                WorkerMessage.Request.class.getPermittedSubclasses().length + WorkerMessage.Reply.class.getPermittedSubclasses().length);
    }

    @Test
    void theWorkerAnswersMalformedAndUnknownRequestsWithErrors(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(new WorkerTrainingService(List.of("-Xmx256m"), Duration.ofSeconds(2))
                .command());
        Process worker = new ProcessBuilder(command).redirectError(dir.resolve("worker.log").toFile()).start();
        try (Writer in = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(WorkerProtocol.parse(out.readLine())).isEqualTo(new WorkerMessage.Ready(worker.pid()));

            for (String request : List.of("this is not json", "[1, 2]", "{\"protocol\": 2, \"type\": \"start\"}",
                    "{\"protocol\": 1, \"type\": \"dance\"}", "{\"protocol\": 1, \"type\": \"cancel\"}",
                    "{\"protocol\": 1, \"type\": \"start\"}",
                    "{\"protocol\": 1, \"type\": \"start\", \"runDir\": \"" + dir.resolve("r").toString().replace("\\", "\\\\")
                            + "\", \"recipe\": {\"epochz\": 1}}")) {
                in.write(request + "\n");
                in.flush();
                assertThat(WorkerProtocol.parse(out.readLine())).as(request)
                        .isInstanceOfSatisfying(WorkerMessage.Error.class, e -> assertThat(e.message()).startsWith("refused request: "));
            }
        }
        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).as("the worker exits when its input closes").isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("worker.log"))).contains("unknown request type 'dance'");
    }

    @Test
    void theClientIgnoresGarbageFromAWorkerAndReportsItsExit(@TempDir Path run) throws Exception {
        // A stand-in "worker" that prints nonsense and dies: the client must neither hang nor crash.
        Path script = run.resolve("fake-worker.sh");
        Files.writeString(script, "#!/bin/sh\necho 'hello'\necho '{\"protocol\": 1, \"type\": \"event\", \"event\": {\"type\": \"nope\"}}'\n"
                + "echo 'Exception in thread main: something broke' >&2\nexit 3\n");
        script.toFile().setExecutable(true);
        WorkerTrainingService service = WorkerTrainingService.startingCommand(List.of(script.toString()), Duration.ofSeconds(2));
        List<TrainingEvent> events = WorkerFixtures.collect(service.start(WorkerFixtures.recipe(1), run));
        assertThat(events).singleElement().isInstanceOfSatisfying(TrainingEvent.Failed.class, f -> {
            assertThat(f.message()).contains("exit status 3").contains("something broke");
            assertThat(f.detail()).contains("something broke");
        });
    }
}
