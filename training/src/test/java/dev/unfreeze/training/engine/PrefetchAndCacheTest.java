package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.data.Augmentation;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.data.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoded images spill to disk beyond the memory budget; prefetched batches are the same as ones made on the spot. */
class PrefetchAndCacheTest {
    private static final Preprocessing PREP = new Preprocessing(28, 1, null, null);

    private static List<Sample> samples() throws Exception {
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> classes = Files.list(TestData.fashionSample())) {
            List<Path> sorted = classes.sorted().toList();
            for (int label = 0; label < sorted.size(); label++) {
                try (Stream<Path> files = Files.list(sorted.get(label))) {
                    for (Path f : files.sorted().limit(8).toList()) {
                        samples.add(new Sample(f, label));
                    }
                }
            }
        }
        return samples;
    }

    @Test
    void imagesBeyondTheMemoryBudgetAreCachedOnDiskWithTheSamePixels(@TempDir Path dir) throws Exception {
        List<Sample> samples = samples();
        try (DecodedImages memory = DecodedImages.decode(samples, PREP);
                DecodedImages disk = DecodedImages.decode(samples, PREP, 10_000, dir.resolve("spill"))) {
            assertThat(memory.onDisk()).isFalse();
            assertThat(disk.onDisk()).isTrue();
            assertThat(memory.size()).isEqualTo(40);
            assertThat(disk.size()).isEqualTo(40);
            for (int i = 0; i < samples.size(); i++) {
                assertThat(disk.pixels(i)).containsExactly(memory.pixels(i));
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("spill"))) {
            assertThat(files.toList()).as("the cache file goes with the images (on Unix it is unlinked at once)").isEmpty();
        }
    }

    @Test
    void prefetchedAugmentedBatchesMatchBatchesMadeOnTheSpot() throws Exception {
        try (DecodedImages images = DecodedImages.decode(samples(), PREP)) {
            assertThat(images.size()).isEqualTo(40);
            Augmentation augmentation = new Augmentation(new Recipe.Augmentation(true, true, 10, 0.3), PREP);
            int[] order = new int[images.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = (i * 7) % order.length;
            }
            try (BatchSource source = new BatchSource(images, augmentation, PREP, 42)) {
                BatchSource.Epoch epoch = source.epoch(order, 3, 16, true);
                for (int from = 0; from < order.length; from += 16) {
                    BatchSource.HostBatch prefetched = epoch.next();
                    BatchSource.HostBatch direct = source.build(order, 3, from, Math.min(order.length, from + 16), true);
                    assertThat(prefetched.pixels()).containsExactly(direct.pixels());
                    assertThat(prefetched.labels()).containsExactly(direct.labels());
                }
                BatchSource.HostBatch otherEpoch = source.build(order, 4, 0, 16, true);
                assertThat(otherEpoch.pixels()).isNotEqualTo(source.build(order, 3, 0, 16, true).pixels());
                epoch.close();
            }
        }
    }
}
