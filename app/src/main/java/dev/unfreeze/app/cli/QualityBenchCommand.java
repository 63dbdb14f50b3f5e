package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.RunHandle;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The quality benchmark: the default recipe (the automatic plan) and the from-scratch baseline on
 * the development tasks in {@code bench/data}, each scored once on the task's test images. Its peer,
 * {@code bench/quality_peer.py}, runs a plain PyTorch probe and fine-tune on the same data.
 */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"Train the default plan and the from-scratch baseline on each development task; print test accuracy.",
            "Tasks: fashion-5, fashion-20, fashion-100 (Fashion-MNIST 5-9 at that many training images per class, 100 per class "
                + "in test) and photos-4 (4 classes of photographs, 10 per class to train).",
            "Compare with: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 /usr/bin/python3 bench/quality_peer.py"})
final class QualityBenchCommand implements Callable<Integer> {
    /** A task: a folder of bench/data with train/ and test/, and how many training images per class it takes. */
    private record Task(String name, String folder, int perClass) {}

    private static final List<Task> TASKS = List.of(new Task("fashion-5", "fashion-5-9", 5),
            new Task("fashion-20", "fashion-5-9", 20), new Task("fashion-100", "fashion-5-9", 100),
            new Task("photos-4", "photos-4", 0));

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
    @Option(names = "--budget", paramLabel = "X", description = "The plan search's budget (default 4).")
    Double budget;
    @Option(names = "--out", paramLabel = "DIR", description = "Where the runs go (default: a new folder in the workspace's runs).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter printer = spec.commandLine().getOut();
        Path runs = out != null ? out : Output.workspace().runs().resolve("bench-quality-" + System.currentTimeMillis());
        dev.unfreeze.training.api.TrainingService service = new dev.unfreeze.app.worker.WorkerTrainingService();
        printer.printf(Locale.ROOT, "%-12s %-14s %8s %8s %9s %8s%n", "task", "plan", "test", "scratch", "transfer", "time");
        List<Task> chosen = tasks == null ? TASKS : tasks.stream().map(name -> TASKS.stream()
                .filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new UnfreezeException("unknown task '"
                        + name + "' (known: fashion-5, fashion-20, fashion-100, photos-4)"))).toList();
        for (Task task : chosen) {
            Path manifest = manifest(task, runs.resolve(task.name()));
            Recipe defaults = RecipeCodec.defaults();
            Recipe recipe = defaults.withModel(model).withData(new Recipe.Data(manifest.toString(), null,
                    defaults.data().valFraction(), 0, null));
            if (budget != null) {
                recipe = recipe.withPlan(new dev.unfreeze.training.api.PlanBudget(budget).schedule(), null,
                        recipe.learningRate(), recipe.epochs(), recipe.batchNorm(), recipe.augmentation());
            }
            long t0 = System.nanoTime();
            Outcome transfer = run(service, recipe, runs.resolve(task.name()).resolve("default"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Outcome scratch = noBaseline ? null : run(service, recipe.withFromScratch(true),
                    runs.resolve(task.name()).resolve("scratch"));
            String verdict = scratch == null ? "-" : transfer.accuracy() > scratch.accuracy() ? "helped"
                    : "HURT (negative)";
            printer.printf(Locale.ROOT, "%-12s %-14s %8.3f %8s %9s %7.0fs%n", task.name(),
                    transfer.plan() == null ? "-" : transfer.plan().chosen(), transfer.accuracy(),
                    scratch == null ? "-" : String.format(Locale.ROOT, "%.3f", scratch.accuracy()), verdict, seconds);
            printer.flush();
        }
        printer.println("runs: " + runs);
        return 0;
    }

    /** A run's test accuracy and its plan. */
    private record Outcome(double accuracy, PlanReport plan) {}

    private Outcome run(dev.unfreeze.training.api.TrainingService service, Recipe recipe, Path dir) throws Exception {
        RunHandle handle = service.start(recipe, dir);
        List<TrainingEvent> seen = new ArrayList<>();
        handle.events().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(TrainingEvent e) {
                if (e instanceof TrainingEvent.TestEvaluated || e instanceof TrainingEvent.PlanChosen) {
                    synchronized (seen) {
                        seen.add(e);
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
            PlanReport plan = seen.stream().filter(e -> e instanceof TrainingEvent.PlanChosen)
                    .map(e -> ((TrainingEvent.PlanChosen) e).report()).findFirst().orElse(null);
            return new Outcome(accuracy, plan);
        }
    }

    /** A manifest (path, label, split) of the task's first N training images per class and all its test images. */
    private Path manifest(Task task, Path dir) throws IOException {
        Path root = data.resolve(task.folder()).toAbsolutePath();
        if (!Files.isDirectory(root.resolve("train"))) {
            throw new UnfreezeException(root.resolve("train") + " is missing; build the data with bench/make_data.py");
        }
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("path,label,split\n");
        for (String part : List.of("train", "test")) {
            try (Stream<Path> classes = Files.list(root.resolve(part))) {
                for (Path classDir : classes.filter(Files::isDirectory).sorted().toList()) {
                    try (Stream<Path> files = Files.list(classDir)) {
                        List<Path> images = files.sorted().toList();
                        int n = part.equals("train") && task.perClass() > 0 ? Math.min(task.perClass(), images.size())
                                : images.size();
                        for (Path image : images.subList(0, n)) {
                            csv.append('"').append(image).append("\",\"").append(classDir.getFileName()).append("\",")
                                    .append(part).append('\n');
                        }
                    }
                }
            }
        }
        Path manifest = dir.resolve(task.name() + ".csv");
        Files.writeString(manifest, csv, StandardCharsets.UTF_8);
        return manifest;
    }
}
