package dev.unfreeze.app.cli;

import dev.unfreeze.app.worker.WorkerTrainingService;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Flow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The quality benchmark: the default recipe (the automatic plan) and the from-scratch baseline on
 * the tasks listed in {@code bench/data/tasks.csv}, each scored once on the task's test images. With
 * {@code --oracle}, every candidate of the plan search is also trained on all the training images and scored
 * on the test images (the chosen one's is the run's own final model: the same recipe, length and seed), and the
 * automatic plan's regret (the best candidate's test accuracy minus the chosen plan's) is printed with its mean and
 * worst over the tasks. Its peer, {@code bench/quality_peer.py}, runs a
 * plain PyTorch probe and fine-tune on the same data. With {@code --seeds}, every task runs once per seed and the
 * table ends with each task's mean, worst and best over them.
 */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"Train the default plan and the from-scratch baseline on each benchmark task; print test accuracy.",
            "The tasks are listed in bench/data/tasks.csv (built by bench/make_data.py); see docs/quality-benchmark.md.",
            "Its peer runs as: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 /usr/bin/python3 bench/quality_peer.py (in a source checkout)."})
final class QualityBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "bench/data",
            description = "The benchmark's data (default: ${DEFAULT-VALUE}, built by bench/make_data.py).")
    Path data;
    @Option(names = "--tasks", split = ",", paramLabel = "NAME", description = "Which tasks (default: all).")
    List<String> tasks;
    @Option(names = "--model", defaultValue = "mobilenet_v2")
    String model;
    @Option(names = "--no-baseline", description = "Skip the from-scratch baseline.")
    boolean noBaseline;
    @Option(names = "--oracle", description = "Also train every candidate plan on all training images and print the regret.")
    boolean oracle;
    @Option(names = "--budget", paramLabel = "X|TIME",
            description = "The plan search's budget: times one training run (default 2) or a time such as 5m.")
    String budget;
    @Option(names = "--recipe", paramLabel = "FILE",
            description = "Start every task's recipe from this recipe file instead of the defaults (its data is replaced).")
    Path recipeFile;
    @Option(names = "--schedule", paramLabel = "PRESET",
            description = "Train this preset on every task instead of the automatic plan (e.g. full, feature-extraction).")
    String schedule;
    @Option(names = "--image-size", paramLabel = "N", defaultValue = "0",
            description = "Input size for every run; 0 (default) is the model's own.")
    int imageSize;
    @Option(names = "--seeds", split = ",", paramLabel = "N",
            description = "Run every task once with each of these seeds (default: the recipe's own); with more than one, "
                    + "the table ends with each task's mean, worst and best.")
    List<Long> seeds;
    @Option(names = "--out", paramLabel = "DIR", description = "Where the runs go (default: a new folder in the workspace's runs).")
    Path out;

    /** The parsed --budget, null for the recipe's own. */
    private PlanBudget searchBudget;
    /** The recipe every task starts from: the --recipe file, read once, else the defaults. */
    private Recipe startingRecipe;

    @Override
    public Integer call() throws Exception {
        PrintWriter printer = spec.commandLine().getOut();
        if (budget != null) {
            try {
                searchBudget = PlanBudget.parse(budget, "--budget");
            } catch (IllegalArgumentException unreadable) {
                throw new UnfreezeException(unreadable.getMessage());
            }
        }
        startingRecipe = recipeFile != null ? readWithoutData(recipeFile) : RecipeCodec.defaults();
        Path runs = out != null ? out : Output.workspace().runs().resolve("bench-quality-" + System.currentTimeMillis());
        TrainingService service = new WorkerTrainingService();
        List<BenchTask> known = BenchTask.read(data);
        List<BenchTask> chosen = tasks == null ? known : tasks.stream().map(name -> known.stream()
                .filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new UnfreezeException("unknown task '"
                        + name + "' (known: " + String.join(", ", known.stream().map(BenchTask::name).toList()) + ")")))
                .toList();
        printer.printf(Locale.ROOT, "%-15s %-14s %8s %8s %9s %8s %12s %6s%n", "task", "plan", "test", "scratch",
                "transfer", "time", "first model", "model");
        Files.createDirectories(runs);
        Path table = runs.resolve(QualityCsv.NAME);
        Files.writeString(table, QualityCsv.HEADER + "\n");
        List<Double> regrets = new ArrayList<>();
        SeedSpread.Collector spreads = new SeedSpread.Collector();
        List<Long> runSeeds = seeds != null && !seeds.isEmpty() ? seeds : List.of(startingRecipe.seed());
        for (BenchTask task : chosen) {
            for (long seed : runSeeds) {
                Path taskDir = runSeeds.size() == 1 ? runs.resolve(task.name())
                        : runs.resolve(task.name()).resolve("seed-" + seed);
                String label = runSeeds.size() == 1 ? task.name() : task.name() + " #" + seed;
                double accuracy = runTask(service, task, seed, taskDir, label, table, printer, regrets);
                spreads.add(task.name(), accuracy);
            }
        }
        if (runSeeds.size() > 1) {
            printer.printf(Locale.ROOT, "%nover %d seeds (%s):%n%-12s %8s %8s %8s%n", runSeeds.size(),
                    String.join(", ", runSeeds.stream().map(String::valueOf).toList()), "task", "mean", "worst", "best");
            for (SeedSpread spread : spreads.spreads()) {
                printer.printf(Locale.ROOT, "%-12s %8.3f %8.3f %8.3f%n", spread.task(), spread.mean(), spread.worst(),
                        spread.best());
            }
        }
        if (!regrets.isEmpty()) {
            printer.printf(Locale.ROOT, "regret over %d runs: mean %.3f, worst %.3f%n", regrets.size(),
                    regrets.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    regrets.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            if (runSeeds.size() > 1) {
                printer.printf(Locale.ROOT, "%nover the seeds, against each plan's mean:%n");
                RegretBenchCommand.print(OracleRegret.of(QualityCsv.oracleDraws(table)), printer);
            }
        }
        printer.println("runs: " + runs);
        return 0;
    }

    /**
     * A recipe file whose data section each task replaces, so it may have none: everything else is checked before any
     * task runs, the data with a stand-in.
     */
    private static Recipe readWithoutData(Path file) throws IOException {
        Recipe read = RecipeCodec.readUnchecked(file);
        RecipeCodec.validate(read.withData(new Recipe.Data("each task's images", null, read.data().valFraction(),
                read.data().imageSize(), null)));
        return read;
    }

    /** Trains one task with one seed (and, with --oracle, every candidate); prints and records it; its test accuracy. */
    private double runTask(TrainingService service, BenchTask task, long seed, Path taskDir, String label, Path table,
            PrintWriter printer, List<Double> regrets) throws Exception {
        Path manifest = task.writeManifest(data, taskDir);
        Recipe defaults = startingRecipe.toBuilder().optSeed(seed).build();
        Recipe recipe = defaults.withModel(model).withData(new Recipe.Data(manifest.toString(), null,
                defaults.data().valFraction(), imageSize, null));
        if (schedule != null) {
            recipe = recipe.withPlan(Schedule.parse(schedule), null, recipe.learningRate(), recipe.epochs(), recipe.batchNorm(),
                    recipe.augmentation());
        } else if (searchBudget != null) {
            recipe = recipe.withPlan(new Schedule.Automatic(searchBudget), null,
                    recipe.learningRate(), recipe.epochs(), recipe.batchNorm(), recipe.augmentation());
        }
        long t0 = System.nanoTime();
        Outcome transfer = run(service, recipe, taskDir.resolve("default"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Outcome scratch = noBaseline ? null : run(service, recipe.withFromScratch(true), taskDir.resolve("scratch"));
        String verdict = scratch == null ? "-" : transfer.accuracy() > scratch.accuracy() ? "helped"
                : "HURT (negative)";
        String plan = transfer.plan() == null ? "-" : transfer.plan().chosen();
        String first = Double.isNaN(transfer.firstModelSeconds()) ? "-"
                : String.format(Locale.ROOT, "%.0fs", transfer.firstModelSeconds());
        printer.printf(Locale.ROOT, "%-15s %-14s %8.3f %8s %9s %7.0fs %12s %5.0fs%n", label, plan, transfer.accuracy(),
                scratch == null ? "-" : String.format(Locale.ROOT, "%.3f", scratch.accuracy()), verdict, seconds, first,
                transfer.modelSeconds());
        printer.flush();
        String row = String.format(Locale.ROOT, "%s,%d,%s,%.4f,%.0f,%.1f,%.0f", task.name(), seed, plan,
                transfer.accuracy(), seconds, transfer.firstModelSeconds(), transfer.modelSeconds());
        if (oracle && transfer.plan() != null) {
            double best = Double.NEGATIVE_INFINITY;
            for (PlanReport.Candidate candidate : transfer.plan().candidates()) {
                // the chosen candidate's final model is the run just scored: its recipe on every image, the same
                // length and seed, so that training it again would repeat it to the last weight
                boolean chosen = candidate.name().equals(transfer.plan().chosen());
                double accuracy;
                double cs;
                if (chosen) {
                    accuracy = transfer.accuracy();
                    cs = transfer.finalSeconds();
                } else {
                    Recipe alone = candidate.recipe().withData(new Recipe.Data(manifest.toString(), null, 0, imageSize,
                            null)).withEarlyStopping(null);
                    long c0 = System.nanoTime();
                    accuracy = run(service, alone, taskDir.resolve("oracle-" + candidate.name().replace(':', '-'))).accuracy();
                    cs = (System.nanoTime() - c0) / 1e9;
                }
                best = Math.max(best, accuracy);
                printer.printf(Locale.ROOT, "%-15s   oracle %-14s %8.3f %7.0fs%s%n", "", candidate.name(), accuracy, cs,
                        chosen ? " (the chosen run's final model)" : "");
                printer.flush();
                Files.writeString(table, String.format(Locale.ROOT, "%s,%s,%.4f,%.0f%n", row, candidate.name(), accuracy,
                        cs), StandardOpenOption.APPEND);
            }
            double regret = OracleRegret.regret(best, transfer.accuracy());
            regrets.add(regret);
            printer.printf(Locale.ROOT, "%-15s   regret %.3f (best candidate %.3f, chosen %.3f)%n", "", regret, best,
                    transfer.accuracy());
        } else {
            Files.writeString(table, row + ",,,\n", StandardOpenOption.APPEND);
        }
        printer.flush();
        return transfer.accuracy();
    }

    /**
     * A run's test accuracy, its plan, the seconds from its start until a model was ready (the automatic plan's
     * provisional one; NaN for a run that announces none), until its own model was (the chosen plan's final run,
     * whose score on folds may follow; else the run's end) and those its final run took once the plan was chosen
     * (NaN without a plan).
     */
    private record Outcome(double accuracy, PlanReport plan, double firstModelSeconds, double modelSeconds,
            double finalSeconds) {}

    private Outcome run(TrainingService service, Recipe recipe, Path dir) throws Exception {
        long start = System.nanoTime();
        RunHandle handle = service.start(recipe, dir);
        List<TrainingEvent> seen = new ArrayList<>();
        double[] firstModel = {Double.NaN};
        double[] chosenAt = {Double.NaN};
        double[] modelAt = {Double.NaN};
        handle.events().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(TrainingEvent e) {
                if (e instanceof TrainingEvent.ModelReady ready) {
                    synchronized (seen) {
                        if (Double.isNaN(firstModel[0])) {
                            firstModel[0] = (System.nanoTime() - start) / 1e9;
                        }
                        if (!ready.provisional()) { // the chosen plan's model, before its score on the folds
                            modelAt[0] = (System.nanoTime() - start) / 1e9;
                        }
                    }
                }
                if (e instanceof TrainingEvent.TestEvaluated || e instanceof TrainingEvent.PlanChosen) {
                    synchronized (seen) {
                        if (e instanceof TrainingEvent.PlanChosen && Double.isNaN(chosenAt[0])) {
                            chosenAt[0] = (System.nanoTime() - start) / 1e9;
                        } else if (e instanceof TrainingEvent.TestEvaluated) {
                            seen.add(e);
                        }
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        TrainingEvent last = handle.completion().get();
        if (last instanceof TrainingEvent.Failed f) {
            throw new UnfreezeException("the run in " + dir + " failed: " + f.message());
        }
        synchronized (seen) {
            double accuracy = seen.stream().filter(e -> e instanceof TrainingEvent.TestEvaluated)
                    .mapToDouble(e -> ((TrainingEvent.TestEvaluated) e).accuracy()).reduce((a, b) -> b).orElse(Double.NaN);
            // the plan the folder keeps at the end: the model's (a probe kept for a final run that learned nothing)
            PlanReport plan = new RunFolder(dir).plan();
            double end = (System.nanoTime() - start) / 1e9;
            double model = Double.isNaN(modelAt[0]) ? end : modelAt[0];
            return new Outcome(accuracy, plan, firstModel[0], model, model - chosenAt[0]);
        }
    }
}
