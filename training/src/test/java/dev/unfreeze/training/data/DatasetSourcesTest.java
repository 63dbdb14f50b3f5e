package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of source a person can drop. */
class DatasetSourcesTest {
    @TempDir
    Path dir;

    private Path cache() {
        return dir.resolve("workspace/cache");
    }

    private DatasetReport inspect(Path... dropped) {
        return DatasetInspector.inspect(DatasetSources.open(List.of(dropped), cache()), p -> { }).report();
    }

    /** cats (3) and dogs (4) as class folders under {@code root}. */
    private Path classFolders(Path root) throws IOException {
        for (int i = 0; i < 3; i++) {
            TestImages.png(root.resolve("cats/cat" + i + ".png"), 12, 10, i);
        }
        for (int i = 0; i < 4; i++) {
            TestImages.jpeg(root.resolve("dogs/sub/dog" + i + ".jpg"), 12, 10, 10 + i);
        }
        return root;
    }

    @Test
    void aFolderOfClassFolders() throws Exception {
        DatasetReport report = inspect(classFolders(dir.resolve("pets")));
        assertThat(report.kind()).isEqualTo("class folders");
        assertThat(report.classes()).extracting(ClassEntry::name, ClassEntry::train).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cats", 3), org.assertj.core.groups.Tuple.tuple("dogs", 4));
        assertThat(report.images().formats()).containsEntry("png", 3).containsEntry("jpeg", 4);
        assertThat(report.images().medianWidth()).isEqualTo(12);
        assertThat(report.classes().get(0).samples()).first().isEqualTo("cats/cat0.png");
        assertThat(report.location()).isEqualTo(dir.resolve("pets").toString());
    }

    @Test
    void aFolderWithTrainValAndTestInside() throws Exception {
        Path root = dir.resolve("split");
        classFolders(root.resolve("train"));
        TestImages.png(root.resolve("valid/cats/v.png"), 12, 10, 50);
        TestImages.png(root.resolve("valid/dogs/v.png"), 12, 10, 51);
        TestImages.png(root.resolve("test/dogs/t.png"), 12, 10, 52);
        DatasetReport report = inspect(root);
        assertThat(report.kind()).isEqualTo("split folders");
        assertThat(report.classes()).extracting(ClassEntry::name, ClassEntry::train, ClassEntry::val, ClassEntry::test)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cats", 3, 1, 0),
                        org.assertj.core.groups.Tuple.tuple("dogs", 4, 1, 1));
    }

    @Test
    void aZipOfClassFoldersInsideAWrapperFolder() throws Exception {
        Path pets = classFolders(dir.resolve("src/pets"));
        Path zip = zip(dir.resolve("pets.zip"), dir.resolve("src"));
        DatasetReport report = inspect(zip);
        assertThat(report.kind()).isEqualTo("zip archive");
        assertThat(report.classes()).extracting(ClassEntry::name).containsExactly("cats", "dogs");
        assertThat(report.totalImages()).isEqualTo(7);
        assertThat(Path.of(report.root())).startsWith(cache().resolve("datasets"));
        assertThat(report.location()).isEqualTo(zip.toString());
        // the same archive again reuses its extraction
        assertThat(inspect(zip).root()).isEqualTo(report.root());
        assertThat(pets).isDirectory();
    }

    @Test
    void aTarGzOfSplitFolders() throws Exception {
        Path root = dir.resolve("src");
        classFolders(root.resolve("train"));
        TestImages.png(root.resolve("val/cats/v.png"), 12, 10, 50);
        Path tgz = dir.resolve("pets.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            try (var files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    TarArchiveEntry entry = new TarArchiveEntry(f.toFile(), root.relativize(f).toString());
                    tar.putArchiveEntry(entry);
                    Files.copy(f, tar);
                    tar.closeArchiveEntry();
                }
            }
        }
        DatasetReport report = inspect(tgz);
        assertThat(report.kind()).isEqualTo("tar.gz archive");
        assertThat(report.classes()).extracting(ClassEntry::name, ClassEntry::val)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cats", 1), org.assertj.core.groups.Tuple.tuple("dogs", 0));
    }

    @Test
    void aCsvManifestWithAHeaderAndATsvWithoutOne() throws Exception {
        Path images = classFolders(dir.resolve("images"));
        Files.writeString(dir.resolve("labels.csv"), "label,path\n"
                + "tabby,images/cats/cat0.png\ntabby,images/cats/cat1.png\n\"big, friendly\",images/dogs/sub/dog0.jpg\n"
                + "\"big, friendly\",images/dogs/sub/dog1.jpg\ntabby,images/nowhere.png\n", StandardCharsets.UTF_8);
        DatasetReport csv = inspect(dir.resolve("labels.csv"));
        assertThat(csv.kind()).isEqualTo("manifest");
        assertThat(csv.classes()).extracting(ClassEntry::name, ClassEntry::total).containsExactly(
                org.assertj.core.groups.Tuple.tuple("big, friendly", 2), org.assertj.core.groups.Tuple.tuple("tabby", 2));
        assertThat(csv.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("missing");
            assertThat(f.message()).contains("row 6");
        });

        Path tsv = images.resolve("list.tsv");
        Files.writeString(tsv, "cats/cat0.png\tcat\ttrain\ncats/cat1.png\tcat\tval\ndogs/sub/dog0.jpg\tdog\ttrain\n"
                + dir.resolve("images/dogs/sub/dog1.jpg") + "\tdog\tval\n", StandardCharsets.UTF_8);
        DatasetReport report = inspect(tsv);
        assertThat(report.classes()).extracting(ClassEntry::name, ClassEntry::train, ClassEntry::val).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cat", 1, 1), org.assertj.core.groups.Tuple.tuple("dog", 1, 1));
    }

    @Test
    void looseFilesAndFoldersAreLabelledByTheirFolderAndListedInAManifest() throws Exception {
        Path pets = classFolders(dir.resolve("pets"));
        DatasetLayout layout = DatasetSources.open(List.of(pets.resolve("cats/cat0.png"), pets.resolve("cats/cat1.png"),
                pets.resolve("dogs")), cache());
        assertThat(layout.kind()).isEqualTo("loose files");
        assertThat(layout.files()).extracting(LabelledFile::label).containsOnly("cats", "sub");
        DatasetReport report = DatasetInspector.inspect(layout, p -> { }).report();
        assertThat(report.classes()).extracting(ClassEntry::name, ClassEntry::total).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cats", 2), org.assertj.core.groups.Tuple.tuple("sub", 4));
        // the manifest in the workspace names the same dataset for a recipe
        assertThat(Path.of(report.location())).startsWith(cache().resolve("manifests"));
        DatasetReport again = inspect(Path.of(report.location()));
        assertThat(again.classes()).isEqualTo(report.classes().stream().map(c -> new ClassEntry(c.name(), c.train(), 0, 0,
                c.suggestedWeight(), c.samples().stream().map(s -> dir.resolve("pets").resolve(s).toString()).toList())).toList());
    }

    @Test
    void nothingUsableSaysWhy() throws Exception {
        assertThatThrownBy(() -> inspect(dir.resolve("missing"))).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("does not exist");
        Path one = dir.resolve("one");
        TestImages.png(one.resolve("only/a.png"), 8, 8, 1);
        TestImages.png(one.resolve("only/b.png"), 8, 8, 2);
        DatasetReport report = inspect(one);
        assertThat(report.canTrain()).isFalse();
        assertThat(report.findings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo("too-few-classes"));
    }

    static Path zip(Path zip, Path root) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(root.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    static void addEntry(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        ((OutputStream) out).write(content);
        out.closeEntry();
    }
}
