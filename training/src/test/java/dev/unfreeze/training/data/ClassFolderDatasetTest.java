package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFolderDatasetTest {

    @Test
    void classFoldersBecomeSortedClassesAndASeededStratifiedSplit() {
        ClassFolderDataset d = ClassFolderDataset.open(TestData.fashionSample(), null);
        assertThat(d.classes()).containsExactly("Ankle boot", "Bag", "Sandal", "Shirt", "Sneaker");
        assertThat(d.train()).hasSize(100);
        assertThat(d.val()).isEmpty();

        StratifiedSplit split = StratifiedSplit.of(d.train(), 5, 0.2, 42);
        assertThat(split.val()).hasSize(20);
        for (int c = 0; c < 5; c++) {
            int label = c;
            assertThat(split.val().stream().filter(s -> s.label() == label)).hasSize(4);
        }
        assertThat(StratifiedSplit.of(d.train(), 5, 0.2, 42)).isEqualTo(split);
        assertThat(StratifiedSplit.of(d.train(), 5, 0.2, 43).val()).isNotEqualTo(split.val());
    }

    @Test
    void trainAndValSubfoldersAreUsedAsGivenAndTheFingerprintIgnoresLocation(@TempDir Path dir) throws Exception {
        Path a = copySample(dir.resolve("a"));
        Path b = copySample(dir.resolve("b"));
        ClassFolderDataset first = ClassFolderDataset.open(a, null);
        assertThat(first.train()).hasSize(50);
        assertThat(first.val()).hasSize(50);
        assertThat(ClassFolderDataset.open(b, null).fingerprint()).isEqualTo(first.fingerprint());
        Files.delete(b.resolve("val/Bag").resolve(Files.list(b.resolve("val/Bag")).findFirst().orElseThrow().getFileName()));
        assertThat(ClassFolderDataset.open(b, null).fingerprint()).isNotEqualTo(first.fingerprint());
    }

    @Test
    void unreadableImagesAreSkippedAndListed(@TempDir Path dir) throws Exception {
        Path data = copySample(dir.resolve("data"));
        Path broken = data.resolve("train/Bag/broken.png");
        Files.writeString(broken, "not an image");
        ClassFolderDataset d = ClassFolderDataset.open(data, null);
        DecodedImages images = DecodedImages.decode(d.train(), new Preprocessing(28, 1, null, null));
        assertThat(images.size()).isEqualTo(d.train().size() - 1);
        assertThat(images.skipped()).singleElement().asString().contains("broken.png");
    }

    /** A train/val copy of the sample: the first half of each class for training, the rest for validation. */
    private static Path copySample(Path root) throws Exception {
        try (Stream<Path> classes = Files.list(TestData.fashionSample())) {
            for (Path c : classes.toList()) {
                List<Path> files;
                try (Stream<Path> s = Files.list(c)) {
                    files = s.sorted().toList();
                }
                for (int i = 0; i < files.size(); i++) {
                    Path target = root.resolve(i < files.size() / 2 ? "train" : "val").resolve(c.getFileName().toString())
                            .resolve(files.get(i).getFileName().toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(files.get(i), target);
                }
            }
        }
        return root;
    }
}
