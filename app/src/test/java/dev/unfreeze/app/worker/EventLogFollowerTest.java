package dev.unfreeze.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.EventJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a run's event log as it grows keeps non-ASCII class names whole. */
class EventLogFollowerTest {
    private static final List<String> CLASSES = List.of("Äpfel", "猫", "Straße", "café");

    @Test
    void aCharacterSplitAcrossTwoReadsArrivesWhole(@TempDir Path run) throws Exception {
        // The "worker" is this process, so the follower waits for more instead of reporting it gone.
        Files.writeString(run.resolve("worker.pid"), Long.toString(ProcessHandle.current().pid()));
        byte[] first = line(new TrainingEvent.GroupThawed(0, 0, "start"));
        byte[] second = line(new TrainingEvent.RunStarted("m", "cpu", CLASSES, List.of("g"), 4, 0, 1, 0, 1, List.of()));
        int cut = indexOf(second, "猫".getBytes(StandardCharsets.UTF_8)) + 1; // inside the three bytes of 猫
        Path log = run.resolve("events.jsonl");
        Files.write(log, concat(first, Arrays.copyOf(second, cut)));

        List<TrainingEvent> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstSeen = new CompletableFuture<>();
        CompletableFuture<Void> done = WorkerFixtures.subscribe(EventLogFollower.follow(run, Duration.ofMillis(20)), e -> {
            seen.add(e);
            firstSeen.complete(null);
        });
        // The follower published the first line, so it has read the file to its end: half of 猫 included.
        firstSeen.get(1, TimeUnit.MINUTES);
        Files.write(log, concat(Arrays.copyOfRange(second, cut, second.length),
                line(new TrainingEvent.Finished(1, 1, 0, 0, false))), StandardOpenOption.APPEND);
        done.get(1, TimeUnit.MINUTES);

        assertThat(seen).hasSize(3);
        assertThat(seen.get(1)).isInstanceOfSatisfying(TrainingEvent.RunStarted.class,
                started -> assertThat(started.classes()).isEqualTo(CLASSES));
    }

    @Test
    void linesAreCutOnNewlineBytesBeforeDecoding() {
        Utf8Lines lines = new Utf8Lines();
        byte[] text = "Äpfel\n猫\n".getBytes(StandardCharsets.UTF_8);
        assertThat(lines.add(text, 2)).isEmpty(); // "Ä" is two bytes, then half of nothing more
        assertThat(lines.pendingBytes()).isEqualTo(2);
        byte[] rest = Arrays.copyOfRange(text, 2, text.length - 2);
        assertThat(lines.add(rest, rest.length)).containsExactly("Äpfel");
        byte[] end = Arrays.copyOfRange(text, text.length - 2, text.length);
        assertThat(lines.add(end, end.length)).containsExactly("猫");
        assertThat(lines.pendingBytes()).isZero();
    }

    private static byte[] line(TrainingEvent event) {
        return (EventJson.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
