package dev.unfreeze.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every class is represented in both parts, the parts do not overlap, and the seed decides. */
class StratifiedSplitTest {
    /** 3 classes of 10, 5 and 1 images. */
    private static List<Sample> samples() {
        List<Sample> all = new ArrayList<>();
        int[] sizes = {10, 5, 1};
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                all.add(new Sample(Path.of("c" + c, i + ".png"), c));
            }
        }
        return all;
    }

    @Test
    void eachClassKeepsItsShareAndTheSingletonStaysInTraining() {
        StratifiedSplit split = StratifiedSplit.of(samples(), 3, 0.2, 7);
        assertThat(split.val().stream().filter(s -> s.label() == 0)).hasSize(2);
        assertThat(split.val().stream().filter(s -> s.label() == 1)).hasSize(1);
        assertThat(split.val().stream().filter(s -> s.label() == 2)).isEmpty();
        assertThat(split.train().stream().filter(s -> s.label() == 2)).hasSize(1);
    }

    @Test
    void thePartsDoNotOverlapAndTogetherAreEverything() {
        StratifiedSplit split = StratifiedSplit.of(samples(), 3, 0.3, 1);
        Set<Sample> train = new HashSet<>(split.train());
        assertThat(split.val()).noneMatch(train::contains);
        assertThat(split.train().size() + split.val().size()).isEqualTo(samples().size());
    }

    @Test
    void theSeedDecides() {
        assertThat(StratifiedSplit.of(samples(), 3, 0.2, 7)).isEqualTo(StratifiedSplit.of(samples(), 3, 0.2, 7));
        Set<List<Sample>> vals = new HashSet<>();
        for (long seed = 0; seed < 5; seed++) {
            vals.add(StratifiedSplit.of(samples(), 3, 0.2, seed).val());
        }
        assertThat(vals).as("different seeds hold out different images").hasSizeGreaterThan(1);
    }
}
