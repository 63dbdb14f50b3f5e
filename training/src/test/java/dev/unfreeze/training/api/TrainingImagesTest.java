package dev.unfreeze.training.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.DatasetReport.ClassEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The images a run trains and validates on, as the workbench counts them for a preset's length and its time: never
 * the test images, and a held-out share only where every class has enough images for one.
 */
class TrainingImagesTest {
    private static DatasetReport report(ClassEntry... classes) {
        int total = List.of(classes).stream().mapToInt(ClassEntry::total).sum();
        return new DatasetReport("d", "d", "split folders", "/d", List.of(classes), List.of(), List.of(),
                new DatasetReport.ImageStatistics(total, 0, 8, 8, 8, 8, 8, 8, Map.of(), Map.of()), 1.0, "sha256:0");
    }

    @Test
    void testImagesAreNeitherTrainedNorValidatedOnAndTenAClassTrainOnEveryImage() {
        // photos-4's shape: 10 training photographs a class, 18 and 29 test ones
        DatasetReport photos = report(new ClassEntry("fishes", 10, 0, 18, 1.0, List.of()),
                new ClassEntry("tools", 10, 0, 29, 1.0, List.of()));

        assertThat(TrainingImages.of(photos, 0.2)).isEqualTo(new TrainingImages(20, 0));
    }

    @Test
    void aFifthIsHeldOutOnceTheSmallestClassHasTwenty() {
        DatasetReport enough = report(new ClassEntry("a", 20, 0, 0, 1.0, List.of()), new ClassEntry("b", 30, 0, 0, 1.0, List.of()));
        DatasetReport short1 = report(new ClassEntry("a", 19, 0, 0, 1.0, List.of()), new ClassEntry("b", 30, 0, 0, 1.0, List.of()));

        assertThat(TrainingImages.of(enough, 0.2)).isEqualTo(new TrainingImages(40, 10));
        assertThat(TrainingImages.of(short1, 0.2)).isEqualTo(new TrainingImages(49, 0));
        assertThat(TrainingImages.of(enough, 0)).isEqualTo(new TrainingImages(50, 0));
    }

    @Test
    void aDatasetsOwnValidationPartIsUsedAsItIs() {
        DatasetReport split = report(new ClassEntry("a", 30, 6, 50, 1.0, List.of()), new ClassEntry("b", 30, 4, 50, 1.0, List.of()));

        assertThat(TrainingImages.of(split, 0.2)).isEqualTo(new TrainingImages(60, 10));
    }
}
