package dev.unfreeze.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Bad messages in either direction are answered or ignored, never a hang. */
class WorkerProtocolTest {

    @Test
    void theWorkerAnswersMalformedAndUnknownRequestsWithErrors(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(new WorkerTrainingService(List.of("-Xmx256m"), Duration.ofSeconds(2))
                .command());
        Process worker = new ProcessBuilder(command).redirectError(dir.resolve("worker.log").toFile()).start();
        try (Writer in = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            JsonNode ready = WorkerProtocol.parse(out.readLine());
            assertThat(ready.get("type").asText()).isEqualTo("ready");
            assertThat(ready.get("pid").asLong()).isEqualTo(worker.pid());

            for (String request : List.of("this is not json", "[1, 2]", "{\"protocol\": 2, \"type\": \"start\"}",
                    "{\"protocol\": 1, \"type\": \"dance\"}", "{\"protocol\": 1, \"type\": \"cancel\"}",
                    "{\"protocol\": 1, \"type\": \"start\"}",
                    "{\"protocol\": 1, \"type\": \"start\", \"runDir\": \"" + dir.resolve("r").toString().replace("\\", "\\\\")
                            + "\", \"recipe\": {\"epochz\": 1}}")) {
                in.write(request + "\n");
                in.flush();
                JsonNode answer = WorkerProtocol.parse(out.readLine());
                assertThat(answer.get("type").asText()).as(request).isEqualTo("error");
                assertThat(answer.get("message").asText()).as(request).startsWith("refused request: ");
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
        WorkerTrainingService service = new WorkerTrainingService(List.of(script.toString()), Duration.ofSeconds(2), true);
        List<TrainingEvent> events = WorkerFixtures.collect(service.start(WorkerFixtures.recipe(1), run));
        assertThat(events).singleElement().isInstanceOfSatisfying(TrainingEvent.Failed.class, f -> {
            assertThat(f.message()).contains("exit status 3").contains("something broke");
            assertThat(f.detail()).contains("something broke");
        });
    }
}
