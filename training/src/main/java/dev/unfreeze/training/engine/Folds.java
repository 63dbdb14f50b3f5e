package dev.unfreeze.training.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Stratified cross-validation folds over row indices: each class's rows are shuffled (seeded) and
 * dealt round-robin, so every fold holds each class in its share. With a handful of images per
 * class a single held-out split is noise (a class may have one image in it); folds let every image
 * be held out once.
 */
final class Folds {
    private Folds() {}

    /**
     * Splits {@code rows} into {@code k} held-out sets.
     *
     * @param labels the class of every row index
     */
    static List<int[]> stratified(int[] rows, int[] labels, int classes, int k, long seed) {
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        Random random = new Random(seed);
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> ofClass = new ArrayList<>();
            for (int r : rows) {
                if (labels[r] == c) {
                    ofClass.add(r);
                }
            }
            Collections.shuffle(ofClass, random);
            for (int r : ofClass) { // continue the deal across classes so small classes spread evenly
                folds.get(next++ % k).add(r);
            }
        }
        return folds.stream().map(f -> f.stream().mapToInt(Integer::intValue).sorted().toArray()).toList();
    }

    /** The rows not in {@code held}. */
    static int[] without(int[] rows, int[] held) {
        int[] sorted = held.clone();
        Arrays.sort(sorted);
        return Arrays.stream(rows).filter(r -> Arrays.binarySearch(sorted, r) < 0).toArray();
    }

    /** 0, 1, ..., n - 1. */
    static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
