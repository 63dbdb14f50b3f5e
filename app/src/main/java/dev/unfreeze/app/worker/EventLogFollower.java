package dev.unfreeze.app.worker;

import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.EventJson;
import dev.unfreeze.training.runs.ReplayingPublisher;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a run that a worker left running after its client exited: reads the run's
 * {@code events.jsonl} from the start and then as it grows, until the run's last event, or until
 * its worker is gone without one. This is how a later start picks a detached run up again.
 */
public final class EventLogFollower {
    private static final Logger LOG = LoggerFactory.getLogger(EventLogFollower.class);

    /** Bytes per read; small enough that a long log is read in several pieces, as it grows. */
    static final int READ_SIZE = 8192;

    private EventLogFollower() {}

    /** Starts following on a daemon thread; the publisher replays everything read so far to late subscribers. */
    public static Flow.Publisher<TrainingEvent> follow(Path runDirectory, Duration pollInterval) {
        ReplayingPublisher<TrainingEvent> publisher = ReplayingPublisher.forRunEvents();
        Thread thread = new Thread(() -> tail(runDirectory, pollInterval, publisher), "unfreeze-follow");
        thread.setDaemon(true);
        thread.start();
        return publisher;
    }

    private static void tail(Path dir, Duration interval, ReplayingPublisher<TrainingEvent> publisher) {
        Path log = dir.resolve("events.jsonl");
        long offset = 0;
        Utf8Lines lines = new Utf8Lines();
        byte[] buffer = new byte[READ_SIZE];
        try {
            while (true) {
                if (Files.isRegularFile(log)) {
                    List<String> complete = new ArrayList<>();
                    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                        file.seek(offset);
                        int read;
                        while ((read = file.read(buffer)) > 0) {
                            offset += read;
                            complete.addAll(lines.add(buffer, read));
                        }
                    }
                    for (String line : complete) {
                        if (line.isBlank()) {
                            continue;
                        }
                        TrainingEvent event = EventJson.read(line);
                        publisher.publish(event);
                        if (event.terminal()) {
                            publisher.complete();
                            return;
                        }
                    }
                }
                if (!new RunFolder(dir).workerAlive() && !grewSince(log, offset)) {
                    publisher.publish(new TrainingEvent.Failed("the training process of this run is no longer running "
                            + "and did not finish it. The last checkpoint is kept; resume the run to continue.", ""));
                    publisher.complete();
                    return;
                }
                Thread.sleep(interval.toMillis());
            }
        } catch (IOException e) {
            LOG.warn("stopped following {}", dir, e);
            publisher.publish(new TrainingEvent.Failed("cannot read the run's events: " + e.getMessage(), String.valueOf(e)));
            publisher.complete();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publisher.complete();
        }
    }

    private static boolean grewSince(Path log, long offset) throws IOException {
        return Files.isRegularFile(log) && Files.size(log) > offset;
    }
}
