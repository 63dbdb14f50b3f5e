package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport.Severity;
import dev.unfreeze.training.api.UnfreezeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of broken and hostile inputs, made here: each one is reported with its reason, and the
 * rest of the dataset still imports.
 */
class BadInputCorpusTest {
    @TempDir
    Path dir;

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX permissions and symbolic links")
    void everyBadFileIsReportedWithItsReasonAndTheRestImports() throws Exception {
        Path root = dir.resolve("corpus");
        String unicode = "Stühle & Bänke — 椅子";
        for (int i = 0; i < 5; i++) {
            TestImages.png(root.resolve("good/" + i + ".png"), 16, 16, i);
            TestImages.jpeg(root.resolve(unicode + "/bild " + i + ".jpg"), 16, 16, 20 + i);
        }
        byte[] jpeg = TestImages.encode(TestImages.picture(64, 64, 3), "jpeg");
        TestImages.write(root.resolve("good/truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        TestImages.write(root.resolve("good/empty.jpg"), new byte[0]);
        TestImages.write(root.resolve("good/really-a-png.jpg"), TestImages.encode(TestImages.picture(16, 16, 9), "png"));
        TestImages.write(root.resolve("good/text.png"), "this is not a picture".getBytes());
        TestImages.write(root.resolve("good/bomb.png"), TestImages.hugeDeclaredPng(20_000, 20_000));
        TestImages.write(root.resolve("good/notes.txt"), "taken on a Tuesday".getBytes());
        Files.createSymbolicLink(root.resolve("good/loop"), root.resolve("good"));
        Files.createSymbolicLink(root.resolve("good/gone.png"), root.resolve("good/nothing-here.png"));
        Path locked = TestImages.png(root.resolve("good/locked.png"), 16, 16, 77);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        boolean permissionsBite = !Files.isReadable(locked); // a superuser reads everything
        Files.createDirectories(root.resolve("nothing"));

        DatasetReport report = DatasetInspector.inspect(DatasetSources.open(List.of(root), dir.resolve("cache")), p -> { })
                .report();

        assertThat(report.findingsFor("good/truncated.jpg")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("unreadable");
            assertThat(f.message()).contains("truncated");
        });
        assertThat(kindOf(report, "good/empty.jpg")).isEqualTo("empty-file");
        assertThat(kindOf(report, "good/really-a-png.jpg")).isEqualTo("misnamed");
        assertThat(report.findingsFor("good/really-a-png.jpg").get(0).message()).contains("PNG file named .jpg");
        assertThat(kindOf(report, "good/text.png")).isEqualTo("not-an-image");
        assertThat(report.findingsFor("good/bomb.png").get(0).message()).contains("20,000 x 20,000");
        assertThat(kindOf(report, "good/bomb.png")).isEqualTo("too-large");
        assertThat(kindOf(report, "good/notes.txt")).isEqualTo("not-an-image");
        assertThat(kindOf(report, "good/loop")).isEqualTo("link-loop");
        assertThat(report.findingsFor("good/gone.png").get(0).message()).contains("does not exist");
        if (permissionsBite) {
            assertThat(report.findingsFor("good/locked.png").get(0).message()).contains("permission denied");
        }
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("empty-class");
            assertThat(f.message()).contains("'nothing'");
        });
        // every problem is skipped, never fatal: the readable images of both classes import
        assertThat(report.canTrain()).isTrue();
        assertThat(report.classes()).extracting(ClassEntry::name).containsExactly(unicode, "good"); // sorted by code point
        assertThat(report.classes().get(1).total()).isEqualTo(permissionsBite ? 6 : 7); // 5 + misnamed (+ locked)
        assertThat(report.classes().get(0).total()).isEqualTo(5);
        assertThat(report.classes().get(0).samples()).first().isEqualTo(unicode + "/bild 0.jpg");
        assertThat(report.images().skipped()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void archiveEntriesThatEscapeAreRefusedAndTheRestExtracts() throws Exception {
        Path zip = dir.resolve("escape.zip");
        byte[] png = TestImages.encode(TestImages.picture(8, 8, 1), "png");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 2; i++) {
                DatasetSourcesTest.addEntry(out, "data/a/" + i + ".png", TestImages.encode(TestImages.picture(8, 8, i), "png"));
                DatasetSourcesTest.addEntry(out, "data/b/" + i + ".png", TestImages.encode(TestImages.picture(8, 8, 5 + i), "png"));
            }
            DatasetSourcesTest.addEntry(out, "../evil.png", png);
            DatasetSourcesTest.addEntry(out, "data/a/../../../evil2.png", png);
            DatasetSourcesTest.addEntry(out, "/tmp/absolute.png", png);
        }
        DatasetReport report = DatasetInspector.inspect(DatasetSources.open(List.of(zip), dir.resolve("cache")), p -> { })
                .report();
        assertThat(report.findings()).filteredOn(f -> f.kind().equals("refused-entry")).extracting(Finding::file)
                .containsExactlyInAnyOrder("../evil.png", "data/a/../../../evil2.png", "/tmp/absolute.png");
        assertThat(report.findingsFor("../evil.png").get(0).message()).contains("outside");
        assertThat(report.findingsFor("/tmp/absolute.png").get(0).message()).contains("absolute path");
        assertThat(report.classes()).extracting(ClassEntry::total).containsExactly(2, 2);
        assertThat(dir.resolve("evil.png")).doesNotExist();
        assertThat(dir.resolve("cache/evil.png")).doesNotExist();
        assertThat(dir.resolve("cache/datasets/evil.png")).doesNotExist();
        assertThat(Path.of("/tmp/absolute.png")).doesNotExist();
    }

    @Test
    void linksInsideATarAreNotFollowedOutOfTheFolder() throws Exception {
        Path tgz = dir.resolve("links.tar.gz");
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(tgz)))) {
            for (String name : List.of("a/1.png", "a/2.png", "b/1.png", "b/2.png")) {
                byte[] png = TestImages.encode(TestImages.picture(8, 8, name.hashCode()), "png");
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
                entry.setSize(png.length);
                tar.putArchiveEntry(entry);
                tar.write(png);
                tar.closeArchiveEntry();
            }
            var link = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("a/passwd.png",
                    org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        DatasetReport report = DatasetInspector.inspect(DatasetSources.open(List.of(tgz), dir.resolve("cache")), p -> { })
                .report();
        assertThat(report.findingsFor("a/passwd.png")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("refused-entry");
            assertThat(f.message()).contains("link");
        });
        assertThat(report.classes()).extracting(ClassEntry::total).containsExactly(2, 2);
    }

    @Test
    void zipBombsStopAtTheLimitsAndLeaveNothingBehind() throws Exception {
        Path bomb = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a/zeros.png"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 40; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(100_000);
        Path cache = dir.resolve("cache");
        SafeArchive.Limits tight = new SafeArchive.Limits(1000, 1L << 30, 100, 8L << 20);
        assertThatThrownBy(() -> SafeArchive.extract(bomb, cache, tight)).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("bomb.zip").hasMessageContaining("zip bomb").hasMessageContaining("a/zeros.png");
        SafeArchive.Limits small = new SafeArchive.Limits(1000, 16L << 20, 1e9, Long.MAX_VALUE);
        assertThatThrownBy(() -> SafeArchive.extract(bomb, cache, small)).hasMessageContaining("expands beyond 16 MiB");
        Path many = dir.resolve("many.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(many))) {
            for (int i = 0; i < 20; i++) {
                DatasetSourcesTest.addEntry(out, "x/" + i + ".txt", new byte[] {1});
            }
        }
        assertThatThrownBy(() -> SafeArchive.extract(many, cache, new SafeArchive.Limits(10, 1L << 30, 100, 0)))
                .hasMessageContaining("more than 10 entries");
        try (var left = Files.list(cache)) {
            assertThat(left.toList()).as("no partial extraction is left").isEmpty();
        }
    }

    private static String kindOf(DatasetReport report, String file) {
        List<Finding> findings = report.findingsFor(file);
        assertThat(findings).as("findings for %s in %s", file, report.findings()).isNotEmpty();
        return findings.get(0).kind();
    }

    @Test
    void findingsAreOrderedErrorsFirst() throws Exception {
        Path root = dir.resolve("tiny");
        TestImages.png(root.resolve("one/a.png"), 8, 8, 1);
        for (int i = 0; i < 3; i++) {
            TestImages.png(root.resolve("three/" + i + ".png"), 8, 8, 10 + i);
        }
        TestImages.write(root.resolve("three/x.png"), new byte[0]);
        DatasetReport report = DatasetInspector.inspect(DatasetSources.open(List.of(root), dir.resolve("cache")), p -> { })
                .report();
        assertThat(report.canTrain()).isFalse();
        assertThat(report.findings().get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(report.findings().get(0).message()).contains("'one' has 1 readable image");
        assertThat(report.findings()).anySatisfy(f -> assertThat(f.message()).contains("'three' has only 3"));
    }
}
