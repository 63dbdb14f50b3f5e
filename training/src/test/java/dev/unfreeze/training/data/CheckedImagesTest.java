package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.DatasetReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset is decoded whole by the check once: later inspections in the same workspace take readable files
 * unchanged since (same path, size and modification time) from the record, and check anything changed, damaged
 * or new again.
 */
class CheckedImagesTest {
    @TempDir
    Path dir;

    private DatasetReport inspect(Path root) {
        Path cache = dir.resolve("cache");
        return DatasetInspector.inspect(DatasetSources.open(List.of(root), cache), p -> { }, cache).report();
    }

    private static long warnings(DatasetReport report, String kind) {
        return report.findings().stream().filter(f -> f.kind().equals(kind)).count();
    }

    @Test
    void anUnchangedFileIsNotDecodedAgainAndAChangedOneIs() throws Exception {
        Path root = dir.resolve("d");
        for (int i = 0; i < 3; i++) {
            TestImages.jpeg(root.resolve("a/" + i + ".jpg"), 64, 48, i);
            TestImages.jpeg(root.resolve("b/" + i + ".jpg"), 64, 48, 10 + i);
        }
        DatasetReport first = inspect(root);
        assertThat(first.findings()).noneMatch(f -> f.kind().equals("unreadable"));
        assertThat(dir.resolve("cache").resolve(DatasetInspector.CHECKED_IMAGES)).isRegularFile();

        // damage a file without changing its size or time: the record vouches for it, so it was not decoded
        Path file = root.resolve("a/1.jpg");
        FileTime time = Files.getLastModifiedTime(file);
        byte[] content = Files.readAllBytes(file);
        byte[] damaged = Arrays.copyOf(content, content.length);
        Arrays.fill(damaged, content.length / 3, content.length, (byte) 0);
        Files.write(file, damaged);
        Files.setLastModifiedTime(file, time);
        DatasetReport second = inspect(root);
        assertThat(warnings(second, "unreadable")).isZero();
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());

        // a new modification time: checked again, and found damaged
        Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 5_000));
        DatasetReport third = inspect(root);
        assertThat(warnings(third, "unreadable")).isEqualTo(1);
        // and a damaged file is not recorded: it is found damaged every time
        assertThat(warnings(inspect(root), "unreadable")).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("cache").resolve(DatasetInspector.CHECKED_IMAGES))).doesNotContain("a/1.jpg\"")
                .contains("a/0.jpg\"").contains("b/1.jpg\"");
    }

    @Test
    void aGarbledRecordIsStartedAfresh() throws Exception {
        Path root = dir.resolve("d");
        TestImages.png(root.resolve("a/0.png"), 8, 8, 1);
        TestImages.png(root.resolve("b/0.png"), 8, 8, 2);
        Path record = dir.resolve("cache").resolve(DatasetInspector.CHECKED_IMAGES);
        Files.createDirectories(record.getParent());
        Files.writeString(record, "{\"half a record");
        DatasetReport report = inspect(root);
        assertThat(report.classes()).hasSize(2);
        assertThat(Files.readString(record)).contains("0.png").contains("sha256");
    }
}
