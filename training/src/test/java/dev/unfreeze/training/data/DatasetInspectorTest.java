package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import dev.unfreeze.training.api.DatasetReport.DuplicateSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetInspectorTest {
    @TempDir
    Path dir;

    private DatasetReport inspect(Path root) {
        return DatasetInspector.inspect(DatasetSources.open(List.of(root), dir.resolve("cache")), p -> { }).report();
    }

    @Test
    void duplicatesAcrossTrainAndValAndAcrossClassesAreFlagged() throws Exception {
        Path root = dir.resolve("d");
        for (int i = 0; i < 6; i++) {
            TestImages.png(root.resolve("train/a/" + i + ".png"), 8, 8, i);
            TestImages.png(root.resolve("train/b/" + i + ".png"), 8, 8, 100 + i);
        }
        TestImages.png(root.resolve("val/a/v.png"), 8, 8, 50);
        Files.copy(root.resolve("train/a/0.png"), root.resolve("val/a/leak.png"));
        Files.copy(root.resolve("train/a/1.png"), root.resolve("train/b/mislabelled.png"));
        Files.copy(root.resolve("train/a/2.png"), root.resolve("train/a/again.png"));
        DatasetReport report = inspect(root);
        assertThat(report.duplicates()).hasSize(3);
        DuplicateSet leak = report.duplicates().stream().filter(d -> d.files().contains("val/a/leak.png")).findFirst().orElseThrow();
        assertThat(leak.acrossSplits()).isTrue();
        assertThat(leak.acrossClasses()).isFalse();
        assertThat(leak.files()).containsExactlyInAnyOrder("train/a/0.png", "val/a/leak.png");
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("duplicate-across-splits");
            assertThat(f.message()).contains("val/a/leak.png").contains("flatters");
        });
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("duplicate-across-classes");
            assertThat(f.message()).contains("'a' and 'b'").contains("train/b/mislabelled.png");
        });
        assertThat(report.findings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo("duplicate"));
    }

    @Test
    void imbalanceComesWithBalancingWeights() throws Exception {
        Path root = dir.resolve("d");
        for (int i = 0; i < 12; i++) {
            TestImages.png(root.resolve("many/" + i + ".png"), 8, 8, i);
        }
        for (int i = 0; i < 3; i++) {
            TestImages.png(root.resolve("few/" + i + ".png"), 8, 8, 100 + i);
        }
        DatasetReport report = inspect(root);
        assertThat(report.imbalance()).isEqualTo(4.0);
        assertThat(report.classes()).extracting(ClassEntry::name, ClassEntry::suggestedWeight).containsExactly(
                org.assertj.core.groups.Tuple.tuple("few", 2.5), org.assertj.core.groups.Tuple.tuple("many", 0.63));
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("imbalance");
            assertThat(f.message()).contains("'many' has 12 training images, 'few' 3 (4.0 times)");
        });
    }

    @Test
    void balanceAndSizeAreJudgedOnTheTrainingPartOfASplitDataset() throws Exception {
        // ten training images a class; the test part, which trains nothing, is uneven and one class has none of it
        Path root = dir.resolve("d");
        for (int i = 0; i < 10; i++) {
            TestImages.png(root.resolve("train/a/" + i + ".png"), 8, 8, i);
            TestImages.png(root.resolve("train/b/" + i + ".png"), 8, 8, 100 + i);
        }
        for (int i = 0; i < 30; i++) {
            TestImages.png(root.resolve("test/a/" + i + ".png"), 8, 8, 50 + i);
        }
        TestImages.png(root.resolve("train/c/0.png"), 8, 8, 200);
        for (int i = 0; i < 5; i++) {
            TestImages.png(root.resolve("test/c/" + i + ".png"), 8, 8, 210 + i);
        }

        DatasetReport report = inspect(root);

        assertThat(report.classes()).extracting(ClassEntry::name, ClassEntry::train, ClassEntry::test, ClassEntry::suggestedWeight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 10, 30, 0.7),
                        org.assertj.core.groups.Tuple.tuple("b", 10, 0, 0.7),
                        org.assertj.core.groups.Tuple.tuple("c", 1, 5, 7.0));
        assertThat(report.imbalance()).isEqualTo(10.0);
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("few-images");
            assertThat(f.message()).contains("the class 'c' has 1 readable training image;");
        });
        assertThat(report.findings()).noneSatisfy(f -> assertThat(f.message()).contains("the class 'a'"));
    }

    @Test
    void oneTrainingImageIsEnoughForAClassWithValidationImagesOfItsOwn() throws Exception {
        // as in the automatic plan's folds of a class of two images: one trains, the other is held out
        Path split = dir.resolve("split");
        Path alone = dir.resolve("alone");
        for (int i = 0; i < 6; i++) {
            TestImages.png(split.resolve("train/a/" + i + ".png"), 8, 8, i);
            TestImages.png(alone.resolve("train/a/" + i + ".png"), 8, 8, i);
        }
        TestImages.png(split.resolve("val/a/v.png"), 8, 8, 50);
        TestImages.png(split.resolve("train/b/0.png"), 8, 8, 100);
        TestImages.png(split.resolve("val/b/v.png"), 8, 8, 150);
        TestImages.png(alone.resolve("train/b/0.png"), 8, 8, 100);
        TestImages.png(alone.resolve("test/b/t.png"), 8, 8, 150); // a test part judges nothing during training

        DatasetReport withValidation = inspect(split);
        assertThat(withValidation.canTrain()).isTrue();
        assertThat(withValidation.findings()).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(DatasetReport.Severity.WARNING);
            assertThat(f.message()).contains("the class 'b' has only 1 readable training image;");
        });
        DatasetReport without = inspect(alone);
        assertThat(without.canTrain()).isFalse();
        assertThat(without.findings()).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(DatasetReport.Severity.ERROR);
            assertThat(f.message()).contains("the class 'b' has 1 readable training image; a class needs at least 2")
                    .contains("its 1 test image never trains (the test part only scores the model): move some into");
        });
    }

    @Test
    void theFingerprintFollowsContentNotLocation() throws Exception {
        Path a = dir.resolve("a");
        for (int i = 0; i < 3; i++) {
            TestImages.png(a.resolve("x/" + i + ".png"), 8, 8, i);
            TestImages.png(a.resolve("y/" + i + ".png"), 8, 8, 10 + i);
        }
        Path b = dir.resolve("b");
        try (var files = Files.walk(a)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.createDirectories(b.resolve(a.relativize(f)).getParent());
                Files.copy(f, b.resolve(a.relativize(f)));
            }
        }
        assertThat(inspect(b).fingerprint()).isEqualTo(inspect(a).fingerprint()).startsWith("sha256:");
        Files.move(b.resolve("x/0.png"), b.resolve("y/moved.png"));
        assertThat(inspect(b).fingerprint()).isNotEqualTo(inspect(a).fingerprint());
    }

    @Test
    void progressIsReportedUpToTheEnd() throws Exception {
        Path root = dir.resolve("d");
        for (int i = 0; i < 40; i++) {
            TestImages.png(root.resolve((i % 2 == 0 ? "x/" : "y/") + i + ".png"), 8, 8, i);
        }
        List<Double> progress = new CopyOnWriteArrayList<>();
        DatasetInspector.inspect(DatasetSources.open(List.of(root), dir.resolve("cache")), progress::add);
        assertThat(new ArrayList<>(progress)).isNotEmpty().contains(1.0);
        assertThat(progress).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
    }
}
