package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.data.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Features computed once are found again by file, in the order of the images asked about, or not at all. */
class KnownFeaturesTest {
    private static final Preprocessing PREP = new Preprocessing(28, 1, null, null);

    @Test
    void rowsAreFoundByFileInTheOrderAskedAndOnlyWhenEveryImageIsKnown() throws Exception {
        List<Sample> samples = new ArrayList<>(firstImages(0));
        samples.addAll(firstImages(1));
        List<Sample> reversed = new ArrayList<>(samples);
        Collections.reverse(reversed);
        try (DecodedImages all = DecodedImages.decode(samples, PREP);
                DecodedImages backwards = DecodedImages.decode(reversed, PREP);
                DecodedImages fewer = DecodedImages.decode(samples.subList(0, 4), PREP);
                DecodedImages other = DecodedImages.decode(List.of(samples.get(0), firstImages(2).get(0)), PREP)) {
            float[][] rows = new float[all.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new float[] {i, -i};
            }
            KnownFeatures known = KnownFeatures.of(all, rows);

            float[][] again = known.rowsOf(backwards);
            for (int i = 0; i < again.length; i++) {
                assertThat(again[i]).isSameAs(rows[rows.length - 1 - i]);
            }
            assertThat(known.rowsOf(fewer)).isEqualTo(new float[][] {rows[0], rows[1], rows[2], rows[3]});
            assertThat(known.rowsOf(other)).as("an image it has no features of").isNull();
            assertThat(KnownFeatures.NONE.rowsOf(all)).isNull();
        }
    }

    /** The first three images of a class of the bundled sample, labelled by that class. */
    private static List<Sample> firstImages(int label) throws Exception {
        try (Stream<Path> classes = Files.list(TestData.fashionSample())) {
            Path folder = classes.sorted().toList().get(label);
            try (Stream<Path> files = Files.list(folder)) {
                return files.sorted().limit(3).map(f -> new Sample(f, label)).toList();
            }
        }
    }
}
