package dev.unfreeze.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unfreeze.training.api.UnfreezeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality benchmark's task list and the manifests it writes: the first N training images of the chosen classes. */
class BenchTaskTest {
    @Test
    void theRepositorysListNamesTasksWhoseFoldersClassesAndImagesExist() throws Exception {
        Path data = Path.of("..", "bench", "data");
        List<BenchTask> tasks = BenchTask.read(data);
        assertThat(tasks).hasSizeGreaterThanOrEqualTo(16);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(data.resolve(t.folder()).resolve("train")).isDirectory();
            assertThat(data.resolve(t.folder()).resolve("test")).isDirectory();
            List<String> classes = t.classes();
            if (classes.isEmpty()) {
                try (var dirs = Files.list(data.resolve(t.folder()).resolve("train"))) {
                    classes = dirs.map(d -> d.getFileName().toString()).toList();
                }
            }
            for (String c : classes) {
                assertThat(data.resolve(t.folder()).resolve("test").resolve(c)).as("%s: class %s", t.name(), c).isDirectory();
                try (var images = Files.list(data.resolve(t.folder()).resolve("train").resolve(c))) {
                    assertThat(images.count()).as("%s: training images of %s", t.name(), c).isGreaterThanOrEqualTo(t.perClass());
                }
            }
        });
        assertThat(tasks.stream().map(BenchTask::name)).doesNotHaveDuplicates().contains("photos-2", "digits-20", "materials-2", "letters-5", "optdigits-5");
    }

    @Test
    void aManifestTakesTheFirstImagesOfTheChosenClassesAndEveryTestImage(@TempDir Path data, @TempDir Path out)
            throws Exception {
        for (String part : List.of("train", "test")) {
            for (String c : List.of("a", "b", "c")) {
                Files.createDirectories(data.resolve("set").resolve(part).resolve(c));
                for (int i = 0; i < 4; i++) {
                    Files.writeString(data.resolve("set").resolve(part).resolve(c).resolve(i + ".png"), "x");
                }
            }
        }
        Files.writeString(data.resolve("tasks.csv"), "name,folder,per_class,classes,kind\nab-2,set,2,a;b,two of three\n");
        BenchTask task = BenchTask.read(data).get(0);
        assertThat(task.classes()).containsExactly("a", "b");
        List<String> lines = Files.readAllLines(task.writeManifest(data, out));
        assertThat(lines.get(0)).isEqualTo("path,label,split");
        assertThat(lines).filteredOn(l -> l.endsWith(",train")).hasSize(4)
                .allSatisfy(l -> assertThat(l).containsAnyOf("/0.png", "/1.png"));
        assertThat(lines).filteredOn(l -> l.endsWith(",test")).hasSize(8);
        assertThat(lines).noneMatch(l -> l.contains("\"c\""));
    }

    @Test
    void aLineWithAnExtraCommaIsRefusedWithTheTaskItIsOn(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("tasks.csv"),
                "name,folder,per_class,classes,kind\nab-2,set,2,,fine\nab-3,set,3,,letters (glyphs, drawn)\n");
        assertThatThrownBy(() -> BenchTask.read(data)).isInstanceOf(UnfreezeException.class)
                .hasMessageContaining("task 2").hasMessageContaining("no comma in the kind");
    }
}
