package dev.unfreeze.training.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded split that keeps each class's share the same in both parts.
 *
 * @param train the images to train on
 * @param val the images held out
 */
public record StratifiedSplit(List<Sample> train, List<Sample> val) {

    /**
     * Holds out {@code fraction} of each class (at least one image of every class with two or more).
     */
    public static StratifiedSplit of(List<Sample> samples, int classCount, double fraction, long seed) {
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        Random random = new Random(seed);
        for (int label = 0; label < classCount; label++) {
            List<Sample> ofClass = new ArrayList<>();
            for (Sample s : samples) {
                if (s.label() == label) {
                    ofClass.add(s);
                }
            }
            Collections.shuffle(ofClass, random);
            int held = ofClass.size() < 2 ? 0 : Math.max(1, (int) Math.round(ofClass.size() * fraction));
            val.addAll(ofClass.subList(0, held));
            train.addAll(ofClass.subList(held, ofClass.size()));
        }
        return new StratifiedSplit(List.copyOf(train), List.copyOf(val));
    }
}
