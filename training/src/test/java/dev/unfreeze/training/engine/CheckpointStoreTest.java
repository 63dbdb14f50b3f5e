package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.runs.RunFolder;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint is either whole and verified, or refused with a reason; a failed write loses nothing. */
class CheckpointStoreTest {

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousCheckpointValid(@TempDir Path workspace, @TempDir Path run) throws Exception {
        List<TrainingEvent> events = TestData.runToEnd(
                TestData.service(workspace).start(TestData.smallCnnRecipe("feature-extraction", 1), run));
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        Path last = new RunFolder(run).lastCheckpoint();
        byte[] before = Files.readAllBytes(last);

        // A disk that fills up after 1,000 bytes.
        CheckpointStore failing = new CheckpointStore(file -> new FilterOutputStream(Files.newOutputStream(file)) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 1000) {
                    throw new IOException("No space left on device");
                }
                super.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        });
        PreparedRun prepared = PreparedRun.resumed(new RunFolder(run).recipe(), new RunFolder(run),
                new ModelCatalog(new Workspace(workspace)));
        try (prepared) {
            Checkpoint state = CheckpointStore.read(last).header();
            assertThatThrownBy(() -> failing.write(last, state, prepared.model().network()))
                    .as("said in words: what, where, how much, and how to go on")
                    .isInstanceOf(dev.unfreeze.training.api.UnfreezeException.class)
                    .hasMessageContaining("the disk is full").hasMessageContaining(last.getParent().toString())
                    .hasMessageContaining(" MB)").hasMessageContaining("--resume " + run);
        }
        assertThat(Files.readAllBytes(last)).isEqualTo(before);
        assertThat(CheckpointStore.read(last).header().epoch()).isZero();
        try (var files = Files.list(last.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void corruptedOrTruncatedCheckpointsAreRefusedWithAReason(@TempDir Path workspace, @TempDir Path run) throws Exception {
        TestData.runToEnd(TestData.service(workspace).start(TestData.smallCnnRecipe("feature-extraction", 1), run));
        Path last = new RunFolder(run).lastCheckpoint();
        byte[] good = Files.readAllBytes(last);

        byte[] flipped = good.clone();
        flipped[flipped.length - 10] ^= 0x40;
        Files.write(last, flipped);
        assertThatThrownBy(() -> CheckpointStore.read(last)).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("checksum");

        Files.write(last, java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> CheckpointStore.read(last)).hasMessageContaining("truncated");

        Files.writeString(last, "not a checkpoint");
        assertThatThrownBy(() -> CheckpointStore.read(last)).hasMessageContaining("does not start like an Unfreeze checkpoint");

        // Resuming from it fails the same way, as an event with the reason.
        List<TrainingEvent> events = TestData.runToEnd(TestData.service(workspace).resume(run));
        assertThat(events).last().isInstanceOfSatisfying(TrainingEvent.Failed.class,
                f -> assertThat(f.message()).contains("is damaged"));
    }

    @Test
    void theOptimiserStateTravelsInTheLastCheckpointUnderTheChecksumAndOlderFilesStillRead(@TempDir Path workspace,
            @TempDir Path run) throws Exception {
        TestData.runToEnd(TestData.service(workspace).start(TestData.smallCnnRecipe("full", 1), run));
        RunFolder folder = new RunFolder(run);
        CheckpointStore.Loaded last = CheckpointStore.read(folder.lastCheckpoint());
        assertThat(last.optimizer()).isNotEmpty().hasSize((int) last.header().optimizerBytes());
        assertThat(CheckpointStore.read(folder.bestCheckpoint()).optimizer()).isEmpty();

        byte[] good = Files.readAllBytes(folder.lastCheckpoint());
        byte[] flipped = good.clone();
        flipped[flipped.length - 10] ^= 0x40; // inside the optimiser's state, the file's last part
        Files.write(folder.lastCheckpoint(), flipped);
        assertThatThrownBy(() -> CheckpointStore.read(folder.lastCheckpoint())).hasMessageContaining("checksum");

        // a file written before the optimiser's state was kept: no such field in its header, nothing after the weights
        String best = Files.readString(folder.bestCheckpoint(), StandardCharsets.ISO_8859_1);
        assertThat(best).contains(",\"optimizerBytes\":0");
        Files.writeString(folder.bestCheckpoint(), best.replace(",\"optimizerBytes\":0", ""),
                StandardCharsets.ISO_8859_1);
        assertThat(CheckpointStore.read(folder.bestCheckpoint()).header().optimizerBytes()).isZero();
    }

}
