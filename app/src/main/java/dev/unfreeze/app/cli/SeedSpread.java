package dev.unfreeze.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task's test accuracies over the seeds the quality benchmark ran it with: on tiny data a run with another
 * seed moves by more than most differences between plans, so a rule is judged on the mean and the worst draw.
 */
record SeedSpread(String task, List<Double> accuracies) {
    SeedSpread {
        accuracies = List.copyOf(accuracies);
        if (accuracies.isEmpty()) {
            throw new IllegalArgumentException("no accuracy for " + task);
        }
    }

    double mean() {
        return accuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    double worst() {
        return accuracies.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double best() {
        return accuracies.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** Collects accuracies task by task, keeping the order in which tasks first appear. */
    static final class Collector {
        private final Map<String, List<Double>> byTask = new LinkedHashMap<>();

        void add(String task, double accuracy) {
            byTask.computeIfAbsent(task, t -> new ArrayList<>()).add(accuracy);
        }

        List<SeedSpread> spreads() {
            return byTask.entrySet().stream().map(e -> new SeedSpread(e.getKey(), e.getValue())).toList();
        }
    }
}
