package dev.unfreeze.app.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The automatic plan's regret over several seeds, measured against each plan's mean rather than each seed's luckiest
 * plan. On a test set of a few dozen images one seed moves a fine-tune by more than the plans differ, so the best of
 * five candidates at one seed is partly the one that drew well: a chooser that always took the best plan on average
 * would still show a regret. Averaging each plan over the seeds first measures what a rule can be held to.
 */
final class OracleRegret {
    /**
     * One run of the quality benchmark with {@code --oracle}: the chosen plan's test accuracy and every candidate's.
     *
     * @param answers for each candidate whose answers are at hand, whether it got each test image right (the chosen
     *     plan's are its final run's); empty when only the table is
     */
    record Draw(String task, long seed, String chosen, double chosenTest, Map<String, Double> candidates,
            Map<String, Map<String, Boolean>> answers) {
        Draw {
            candidates = Map.copyOf(candidates);
            answers = Map.copyOf(answers);
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException(task + " #" + seed + " has no candidate trained alone");
            }
        }

        Draw(String task, long seed, String chosen, double chosenTest, Map<String, Double> candidates) {
            this(task, seed, chosen, chosenTest, candidates, Map.of());
        }

        Draw withAnswers(Map<String, Map<String, Boolean>> read) {
            return new Draw(task, seed, chosen, chosenTest, candidates, read);
        }

        /** The best candidate's accuracy minus the chosen plan's: the regret as one seed sees it. */
        double regretOfThisSeed() {
            return regret(candidates.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), chosenTest);
        }
    }

    /**
     * The best candidate's test accuracy minus the chosen run's, 0 when the chosen run did better: the chosen run is
     * one of the outcomes an oracle could have picked (tables measured before the final run trained its recipe's
     * own length hold chosen runs that differ from the same plan's run alone).
     */
    static double regret(double bestCandidate, double chosen) {
        return Math.max(0, bestCandidate - chosen);
    }

    /**
     * One task over its draws.
     *
     * @param planMeans each candidate's mean test accuracy over the draws that trained it, best first
     * @param chosenPlans how often each plan was chosen
     * @param regret the best plan's mean minus the chosen runs' mean, 0 when the chosen runs did better
     * @param regretPerSeed the mean of {@link Draw#regretOfThisSeed()}
     * @param regretError the standard error of the best plan's lead over the chosen runs that comes from which images
     *     the test set happens to hold ({@link #pairedError}); NaN without every draw's answers
     */
    record Task(String task, int draws, Map<String, Double> planMeans, Map<String, Long> chosenPlans, double chosenMean,
            double regret, double regretPerSeed, double regretError) {
        String bestPlan() {
            return planMeans.keySet().iterator().next();
        }

        double bestMean() {
            return planMeans.values().iterator().next();
        }
    }

    /** A rule's regret over the tasks it could be judged on: the mean and the worst, and the task where the worst is. */
    record Summary(int tasks, double mean, double worst, String worstTask) {}

    private final List<Task> tasks;

    private OracleRegret(List<Task> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    static OracleRegret of(List<Draw> draws) {
        Map<String, List<Draw>> byTask = draws.stream()
                .collect(Collectors.groupingBy(Draw::task, LinkedHashMap::new, Collectors.toList()));
        List<Task> tasks = new ArrayList<>();
        byTask.forEach((task, ofTask) -> tasks.add(task(task, ofTask)));
        return new OracleRegret(tasks);
    }

    private static Task task(String task, List<Draw> draws) {
        Map<String, List<Double>> byPlan = new TreeMap<>();
        for (Draw d : draws) {
            d.candidates().forEach((plan, test) -> byPlan.computeIfAbsent(plan, p -> new ArrayList<>()).add(test));
        }
        Map<String, Double> means = new LinkedHashMap<>();
        byPlan.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), mean(e.getValue())))
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> means.put(e.getKey(), e.getValue()));
        double chosenMean = mean(draws.stream().map(Draw::chosenTest).toList());
        Map<String, Long> chosen = draws.stream()
                .collect(Collectors.groupingBy(Draw::chosen, TreeMap::new, Collectors.counting()));
        double best = means.values().iterator().next();
        String bestPlan = means.keySet().iterator().next();
        return new Task(task, draws.size(), means, chosen, chosenMean, Math.max(0, best - chosenMean),
                mean(draws.stream().map(Draw::regretOfThisSeed).toList()), pairedError(bestPlan, draws));
    }

    /**
     * A paired standard error over the test images: for each image, the best plan's rate of right answers over the
     * draws minus the chosen runs'; the standard error of the mean of those differences. On a test set of a few dozen
     * images a lead of one or two images is within it. NaN when a draw lacks either run's answers or they share fewer
     * than two images.
     */
    static double pairedError(String best, List<Draw> draws) {
        Set<String> images = null;
        for (Draw d : draws) {
            Map<String, Boolean> bestRight = d.answers().get(best);
            Map<String, Boolean> chosenRight = d.answers().get(d.chosen());
            if (bestRight == null || chosenRight == null) {
                return Double.NaN;
            }
            if (images == null) {
                images = new TreeSet<>(bestRight.keySet());
            }
            images.retainAll(bestRight.keySet());
            images.retainAll(chosenRight.keySet());
        }
        if (images == null || images.size() < 2) {
            return Double.NaN;
        }
        double[] lead = new double[images.size()];
        int i = 0;
        for (String image : images) {
            for (Draw d : draws) {
                lead[i] += ((d.answers().get(best).get(image) ? 1 : 0) - (d.answers().get(d.chosen()).get(image) ? 1 : 0))
                        / (double) draws.size();
            }
            i++;
        }
        double mean = Arrays.stream(lead).average().orElseThrow();
        double squares = Arrays.stream(lead).map(x -> (x - mean) * (x - mean)).sum();
        return Math.sqrt(squares / (lead.length - 1) / lead.length);
    }

    List<Task> tasks() {
        return tasks;
    }

    /** The automatic plan's regret against each task's best plan on average. */
    Summary automatic() {
        return summary(tasks.stream().map(t -> Map.entry(t.task(), t.regret())).toList());
    }

    /** The regret of choosing {@code plan} on every task, against each task's best plan on average. */
    Summary always(String plan) {
        return summary(tasks.stream().filter(t -> t.planMeans().containsKey(plan))
                .map(t -> Map.entry(t.task(), t.bestMean() - t.planMeans().get(plan))).toList());
    }

    /** Every plan trained alone on at least one task, in name order. */
    List<String> plans() {
        return tasks.stream().flatMap(t -> t.planMeans().keySet().stream()).distinct().sorted().toList();
    }

    private static Summary summary(List<Map.Entry<String, Double>> regrets) {
        if (regrets.isEmpty()) {
            return new Summary(0, Double.NaN, Double.NaN, "");
        }
        Map.Entry<String, Double> worst = regrets.stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return new Summary(regrets.size(), mean(regrets.stream().map(Map.Entry::getValue).toList()), worst.getValue(),
                worst.getKey());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
