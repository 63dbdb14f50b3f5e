package dev.unfreeze.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bench regret}: the automatic plan's regret over the seeds of one or more {@code bench quality --oracle} runs. */
@Command(name = "regret", mixinStandardHelpOptions = true,
        description = {"Summarise `bench quality --oracle` runs over their seeds: each candidate's mean test accuracy on "
                + "each task, the plans the search chose, and its regret against the plan that is best on average "
                + "(0 where the chosen runs did better), beside the regret against each seed's best run and the "
                + "regret of always choosing one plan.",
            "Runs of several days or machines can be given together; a task and seed that appear twice count twice.",
            "Given the runs folders (not only their quality.csv), each task's regret also gets its paired standard "
                + "error over the test images."})
final class RegretBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "Runs folders of `bench quality --oracle`, or their quality.csv.")
    List<Path> runs;

    @Override
    public Integer call() throws Exception {
        List<OracleRegret.Draw> draws = new ArrayList<>();
        for (Path run : runs) {
            draws.addAll(QualityCsv.oracleDraws(run));
        }
        if (draws.isEmpty()) {
            spec.commandLine().getOut().println("no oracle runs in " + runs + ": run `bench quality --oracle` first");
            return 1;
        }
        print(OracleRegret.of(draws), spec.commandLine().getOut());
        return 0;
    }

    /** Prints the per-task table, the automatic plan's regret and each plan's if it were always chosen. */
    static void print(OracleRegret regret, PrintWriter out) {
        List<String> plans = regret.plans();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-13s %5s %-18s %7s", "task", "seeds",
                "chosen", "its test"));
        plans.forEach(p -> header.append(String.format(Locale.ROOT, " %12s", p)));
        out.println(header.append(String.format(Locale.ROOT, " %7s %7s %9s", "regret", "its SE", "per seed")));
        for (OracleRegret.Task t : regret.tasks()) {
            String chosen = t.chosenPlans().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-13s %5d %-18s %7.3f", t.task(), t.draws(),
                    chosen, t.chosenMean()));
            for (String p : plans) {
                Double mean = t.planMeans().get(p);
                String cell = mean == null ? "-" : String.format(Locale.ROOT, "%.3f", mean) + (p.equals(t.bestPlan()) ? "*" : "");
                row.append(String.format(Locale.ROOT, " %12s", cell));
            }
            out.println(row.append(String.format(Locale.ROOT, " %7.3f %7s %9.3f", t.regret(), Double.isNaN(t.regretError())
                    ? "-" : String.format(Locale.ROOT, "%.3f", t.regretError()), t.regretPerSeed())));
        }
        out.println("(test accuracy, the mean over the seeds; * the best plan on average; its SE: the paired standard "
                + "error of the best plan's lead over the chosen runs across the test images, where their run folders "
                + "are at hand)");
        OracleRegret.Summary automatic = regret.automatic();
        double worstError = regret.tasks().stream().filter(t -> t.task().equals(automatic.worstTask()))
                .mapToDouble(OracleRegret.Task::regretError).findFirst().orElse(Double.NaN);
        out.printf(Locale.ROOT, "automatic plan: regret mean %.3f, worst %.3f (%s%s) against the best plan on average; "
                + "against each seed's best run: mean %.3f%n", automatic.mean(), automatic.worst(), automatic.worstTask(),
                Double.isNaN(worstError) || worstError == 0 ? "" : String.format(Locale.ROOT,
                        ", %.1f standard errors of its test images", automatic.worst() / worstError),
                regret.tasks().stream().mapToDouble(OracleRegret.Task::regretPerSeed).average().orElse(Double.NaN));
        for (String p : plans) {
            OracleRegret.Summary always = regret.always(p);
            out.printf(Locale.ROOT, "always %-14s regret mean %.3f, worst %.3f (%s), over the %d tasks it was trained on%n",
                    p + ":", always.mean(), always.worst(), always.worstTask(), always.tasks());
        }
        out.flush();
    }
}
