package dev.unfreeze.training.engine;

import ai.djl.Device;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.data.Split;
import dev.unfreeze.training.runs.PlanJson;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The automatic plan: a budgeted search over candidate plans, scored on stratified folds of the
 * labelled images (a dataset's test part never takes part), that returns the best candidate's
 * recipe. The candidates are what practitioners reach for: a linear probe trained to convergence,
 * the top third of the backbone fine-tuned, gradual unfreezing, and the whole network fine-tuned; the
 * fine-tuning ones share one learning-rate range test.
 * The search spends at most its budget (a multiple of one estimated training run): the probe is
 * scored on every fold (it costs seconds). When the budget cannot train every fine-tuning candidate
 * on every fold, it halves successively (Jamieson and Talwalkar 2016, the rung of Hyperband): each
 * candidate trains on the first fold for half its length, and only the best goes on, at full
 * length, on as many folds as fit, against the probe on the same images.
 */
public final class PlanSearch {
    /** Below this many images in the smallest class a held-out split is noise: as many folds as it has images (2 to 5). */
    static final int TINY = 30;
    private static final int MAX_FOLDS = 5;
    /** Why a candidate whose run would overrun the budget was left out. */
    private static final String OVER_BUDGET = "over the search budget";
    /**
     * The screening run's share of a candidate's length (Hyperband's eta). A third was tried: at four
     * epochs of ten the top third led the whole network (0.90 against 0.84), yet the top third ended at
     * 0.914 on the test images where the whole network, trained to its end, reached 0.946; half the
     * length leaves the slower starters less behind.
     */
    private static final int SCREEN_DIVISOR = 2;
    private static final int SWEEP_STEPS = 60;
    /** Held-out images two candidates must share before one may be preferred to a simpler one. */
    static final int MIN_EVIDENCE = 20;
    /**
     * The candidates in the order the one-standard-error rule prefers them when the evidence cannot separate them
     * (on tiny data the first one scored wins): BitFit first, since it had the smallest mean and worst regret of
     * every plan on the benchmark's tiny tasks (docs/quality-benchmark.md), then from the fewest trained weights to
     * the most.
     */
    static final List<String> SAFEST_FIRST = List.of("bitfit", "linear-probe", "partial:", "gradual", "full");
    /** The same candidates, the most adapted first, for ties on data where fine-tuning usually wins. */
    static final List<String> MOST_ADAPTED_FIRST = List.of("full", "gradual", "partial:", "bitfit", "linear-probe");
    /**
     * The fine-tunes that get the folds when folds are too small to screen on: the one that keeps the pretrained
     * kernels and the one that adapts them all, the best plans of the benchmark's tiny tasks between them.
     */
    static final List<String> TINY_DATA_FINE_TUNES = List.of("bitfit", "full");
    /**
     * From this many images in the smallest class, a tie goes to the more adapted plan: with a hundred
     * images per class, fine-tuning beat the linear probe on the test images (0.95 against 0.92 here,
     * and in the literature, e.g. Kornblith et al. 2019), while folds of a hundred images could not tell
     * them apart; below it, on a few images per class, the probe was as good or better.
     */
    static final int TIES_TO_FINE_TUNING_FROM = 50;

    private final ModelCatalog catalog;
    private final RunFolder folder;
    private final Consumer<TrainingEvent> events;
    private final RunControl control;
    private final TrainingService candidates;
    private final ProvisionalModel provisional;
    /** Every candidate, for the leaderboard the search reports as it goes. */
    private final List<Entry> board = new ArrayList<>();
    private int foldCount;
    private long started;
    private double budgetSeconds = Double.POSITIVE_INFINITY;
    /** The fine-tuning runs' estimated and actual seconds so far. */
    private double estimatedSeconds;
    private double actualSeconds;

    /** Trains a recipe to its end in the run's folder, so that the folder holds its model. */
    @FunctionalInterface
    public interface ProvisionalModel {
        void train(Recipe recipe) throws Exception;
    }

    /**
     * @param candidates trains each candidate on each fold (in the worker: a process per fold)
     * @param provisional fits the linear probe on every labelled image as soon as it is scored, so that the run
     *     has a usable model within seconds while the search goes on
     */
    public PlanSearch(ModelCatalog catalog, RunFolder folder, Consumer<TrainingEvent> events, RunControl control,
            TrainingService candidates, ProvisionalModel provisional) {
        this.catalog = catalog;
        this.folder = folder;
        this.events = events;
        this.control = control;
        this.candidates = candidates;
        this.provisional = provisional;
    }

    /**
     * What one candidate scored on one fold.
     *
     * @param predictions its answer for each held-out image
     */
    private record FoldScore(int fold, double accuracy, double loss, int held,
            List<ValidationPrediction> predictions) {
        /** For each held-out image (by its normalised path), whether the candidate got it right. */
        java.util.Map<String, Boolean> correct() {
            java.util.Map<String, Boolean> correct = new java.util.HashMap<>();
            for (ValidationPrediction p : predictions) {
                correct.put(FoldRunner.key(java.nio.file.Path.of(p.file())), !p.wrong());
            }
            return correct;
        }
    }

    /** A candidate and its scores so far. */
    private static final class Entry {
        final String name;
        String description;
        final Recipe recipe;
        final List<FoldScore> scores = new ArrayList<>();
        double seconds;
        PlanReport.Outcome outcome = PlanReport.Outcome.SCORED;
        String why = "";

        Entry(String name, String description, Recipe recipe) {
            this.name = name;
            this.description = description;
            this.recipe = recipe;
        }

        boolean scored() {
            return outcome == PlanReport.Outcome.SCORED;
        }

        void set(PlanReport.Outcome newOutcome, String detail) {
            outcome = newOutcome;
            why = detail;
        }

        String status() {
            return outcome.describe(why);
        }
    }

    /**
     * Searches, writes {@code plan.json} and reports the leaderboard.
     *
     * @return the chosen recipe, with every automatic value decided
     * @throws CancellationException when the run is cancelled during the search
     */
    public Recipe choose(Recipe recipe) throws Exception {
        started = System.nanoTime();
        PlanBudget budget = PlanBudget.of(recipe.schedule());
        Device device = Devices.select(recipe.device());
        Devices.setThreads(recipe.threads());
        ResolvedModel base = catalog.resolve(recipe.model());
        progress("Reading the dataset");
        DatasetInspector.Inspection dataset = Datasets.inspect(recipe.data().train(), recipe.data().val(),
                catalog.workspace().cache(), p -> { });
        PreparedRun.refuseIfUnusable(recipe, dataset.report());
        List<Sample> pooled = new ArrayList<>(dataset.samples(Split.TRAIN, Split.UNSPLIT));
        pooled.addAll(dataset.samples(Split.VAL));
        List<String> classes = dataset.classes();
        Recipe probeRecipe = recipe.withPlan("feature-extraction", null, recipe.learningRate(), 1, Recipe.BatchNorm.FROZEN_STATS,
                Recipe.Augmentation.NONE).withHead(probeHead(recipe.head()));
        try (AdaptedModel probeModel = AdaptedModel.create(base, classes, probeRecipe.head(), false,
                recipe.data().imageSize(), recipe.seed(), device);
                DecodedImages images = DecodedImages.decode(pooled, probeModel.preprocessing(),
                        Runtime.getRuntime().maxMemory() / 3, catalog.workspace().cache().resolve("decoded"))) {
            int[] labels = images.labels();
            int smallest = ProbeHead.smallestClass(labels, classes.size());
            boolean tiny = smallest < TINY;
            // (three folds were tried: a fine-tune on two thirds of 500 images scored 0.89 against the probe's 0.92,
            // on four fifths 0.92 = 0.92, and on all of them 0.95 on the test images; folds that train on less
            // data judge fine-tuning too harshly)
            int k = tiny ? Math.max(2, Math.min(MAX_FOLDS, smallest))
                    : Math.max(2, (int) Math.round(1 / Math.max(0.1, recipe.data().valFraction())));
            int[] all = Folds.all(images.size());
            List<int[]> folds = Folds.stratified(all, labels, classes.size(), k, recipe.seed());
            int groupCount = probeModel.groups().size();

            progress("Linear probe: computing the backbone's features of " + images.size() + " images");
            Entry probe = new Entry("linear-probe", "backbone frozen; a linear head fitted to convergence (L-BFGS, L2 by "
                    + "cross-validation)", probeRecipe);
            scoreProbe(probe, probeModel, images, labels, classes, folds);
            foldCount = k;
            board.add(probe);
            publishScores();
            if (probeRecipe.head().equals(recipe.head())) { // the folder's recipe then describes the probe's network too
                provisionalProbe(recipe, probe);
            }

            int foldTrain = images.size() - folds.get(0).length;
            Recipe fineTune = fineTuneBase(recipe, groupCount);
            if (budget.spentAfter(spent())) { // the time given is gone: the probe is the plan
                budgetSeconds = 0;
                List<Entry> candidates = fineTuneCandidates(fineTune, recipe.learningRate().base(), groupCount);
                candidates.forEach(c -> c.set(PlanReport.Outcome.NOT_TRIED,
                        "the time given was spent before fine-tuning could start"));
                List<Entry> entries = new ArrayList<>(List.of(probe));
                entries.addAll(candidates);
                return decide(recipe, entries, 0, k, smallest, null, foldTrain, groupCount);
            }
            progress("Learning-rate range test (" + SWEEP_STEPS + " steps, whole network)");
            RateCurve curve = RateFinder.sweep(base, classes, images.subset(Folds.without(all, folds.get(0))),
                    RecipeResolver.resolve(fineTune, foldTrain, groupCount), SWEEP_STEPS, device, null);
            double rate = Double.isFinite(curve.suggested()) ? Math.max(1e-4, Math.min(0.1, curve.suggested())) : 0.01;
            double speed = Double.isFinite(curve.imagesPerSecond()) && curve.imagesPerSecond() > 0 ? curve.imagesPerSecond() : 10;
            int finalEpochs = recipe.epochs() > 0 ? recipe.epochs() : dev.unfreeze.training.api.TrainingLength.epochs(
                    images.size(), recipe.batchSize(), PreparedRun.schedule(fineTune, groupCount));
            budgetSeconds = budget.searchSeconds(finalEpochs * images.size() / speed);
            List<Entry> candidates = fineTuneCandidates(fineTune, rate, groupCount);
            board.addAll(candidates);
            int foldsUsed = scoreFineTuning(candidates, images, classes, folds, groupCount, speed);
            FoldRunner.deleteTree(folder.dir().resolve("plan"));
            List<Entry> entries = new ArrayList<>();
            entries.add(probe);
            entries.addAll(candidates);
            return decide(recipe, entries, foldsUsed, k, smallest, curve, foldTrain, groupCount);
        }
    }

    /**
     * Scores the fine-tuning candidates: every one on every fold when the budget allows, otherwise by
     * successive halving (a shortened screening run each on the first fold, then the leader alone).
     *
     * @return the folds every remaining candidate was scored on
     */
    private int scoreFineTuning(List<Entry> candidates, DecodedImages images, List<String> classes, List<int[]> folds,
            int groupCount, double speed) throws Exception {
        double everyRun = 0;
        for (Entry c : candidates) {
            everyRun += estimate(c.recipe, images.size(), folds.get(0).length, groupCount, speed, 1);
        }
        if (candidates.size() < 2 || spent() + everyRun * folds.size() <= budgetSeconds) {
            return scoreEveryFold(candidates, images, classes, folds, folds.size(), groupCount, speed);
        }
        Entry leader;
        if (folds.get(0).length < MIN_EVIDENCE) {
            // a screening run judged on so few images ends in ties (on photos-2, three fine-tunes each scored 4 of 4);
            // its time goes to more folds of the two fine-tunes that won the benchmark's tiny tasks between them
            List<Entry> leaders = candidates.stream().filter(c -> TINY_DATA_FINE_TUNES.contains(c.name)).toList();
            if (leaders.isEmpty()) {
                leaders = List.of(candidates.get(0));
            }
            String names = String.join(" and ", leaders.stream().map(c -> c.name).toList());
            for (Entry c : candidates) {
                if (!leaders.contains(c)) {
                    c.set(PlanReport.Outcome.NOT_TRIED, "with " + folds.get(0).length + " images a fold, a screening run"
                            + " cannot tell the fine-tunes apart, so the folds went to " + names);
                }
            }
            // when the folds both can afford cannot hold the held-out images needed to prefer one plan to another, the
            // order decides whatever they score: only the first gets those folds (its score is still shown), in half
            // the time
            double perRound = 0;
            for (Entry c : leaders) {
                perRound += estimate(c.recipe, images.size(), folds.get(0).length, groupCount, speed, 1);
            }
            int rounds = (int) Math.min(folds.size(), Math.floor(Math.max(0, budgetSeconds - spent()) / perRound));
            if (leaders.size() > 1 && rounds * folds.get(0).length < MIN_EVIDENCE) {
                int shared = rounds * folds.get(0).length;
                for (Entry c : leaders.subList(1, leaders.size())) {
                    c.set(PlanReport.Outcome.NOT_TRIED, String.format(java.util.Locale.ROOT, "the budget has room for %d "
                            + "fold%s of %d images each for %s: %d held-out images in common, under the %d needed to prefer "
                            + "one plan to another", rounds, rounds == 1 ? "" : "s", folds.get(0).length, names, shared,
                            MIN_EVIDENCE));
                }
                leaders = leaders.subList(0, 1);
                // as many folds as it would have had beside the other: more would only refine a score nothing compares
                publishScores();
                return scoreEveryFold(leaders, images, classes, folds, Math.max(1, rounds), groupCount, speed);
            }
            publishScores();
            return scoreEveryFold(leaders, images, classes, folds, folds.size(), groupCount, speed);
        }
        leader = screen(candidates, images, classes, folds, groupCount, speed);
        if (leader == null) {
            return 0;
        }
        FoldScore screening = leader.scores.remove(0); // its full-length runs are what the choice compares
        int used = scoreEveryFold(List.of(leader), images, classes, folds, folds.size(), groupCount, speed);
        if (leader.scores.isEmpty() && leader.outcome == PlanReport.Outcome.NOT_TRIED) {
            // no room left for a run of its whole length: its screening run is still evidence on fold 1, against the
            // probe on the same images, where dropping it would let the probe win by default
            leader.set(PlanReport.Outcome.SCORED, "");
            leader.scores.add(screening);
            leader.description += "; judged on that run alone (no time was left for one of its whole length)";
            publishScores();
            return 1;
        }
        return used;
    }

    /** A candidate's estimated seconds on one fold, at {@code 1/divisor} of its length. */
    private double estimate(Recipe recipe, int images, int held, int groupCount, double speed, int divisor) {
        Recipe resolved = RecipeResolver.resolve(recipe, images - held, groupCount);
        int epochs = screenEpochs(resolved.epochs(), divisor);
        // scaled by how far the runs so far took longer than estimated (a process start per run, a
        // busy computer), so that the budget holds
        return epochs * (images - held + held / 3.0) / speed * slowdown();
    }

    private static int screenEpochs(int epochs, int divisor) {
        return divisor == 1 ? epochs : Math.min(epochs, Math.max(2, (epochs + divisor - 1) / divisor));
    }

    /**
     * Trains each candidate on the first fold for half its length (its own schedule and rate
     * schedule, compressed), and returns the one with the best held-out accuracy (ties: the lower
     * loss). The others keep that score and a status that says they were screened out.
     */
    private Entry screen(List<Entry> candidates, DecodedImages images, List<String> classes, List<int[]> folds,
            int groupCount, double speed) throws Exception {
        int[] all = Folds.all(images.size());
        int[] held = folds.get(0);
        List<Entry> screened = new ArrayList<>();
        for (Entry c : candidates) {
            Recipe resolved = RecipeResolver.resolve(c.recipe, images.size() - held.length, groupCount);
            int epochs = screenEpochs(resolved.epochs(), SCREEN_DIVISOR);
            double estimate = estimate(c.recipe, images.size(), held.length, groupCount, speed, SCREEN_DIVISOR);
            if (spent() + estimate > budgetSeconds) {
                c.set(PlanReport.Outcome.NOT_TRIED, OVER_BUDGET);
                continue;
            }
            long t0 = System.nanoTime();
            estimatedSeconds += estimate / slowdown();
            try {
                Recipe shortened = resolved.withPlan(resolved.schedule(), resolved.thawEpochs(), resolved.learningRate(),
                        epochs, resolved.batchNorm(), resolved.augmentation());
                FoldRunner.Result r = foldRunner().train(classes, images, Folds.without(all, held), held, shortened,
                        c.name + ", screening on fold 1 (" + epochs + " epochs)", c.name.replace(':', '-') + "-screen");
                c.scores.add(new FoldScore(0, r.accuracy(), r.loss(), held.length, r.predictions()));
                screened.add(c);
                publishScores();
            } catch (UnfreezeException e) {
                c.set(PlanReport.Outcome.FAILED, e.getMessage());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            c.seconds += seconds;
            actualSeconds += seconds;
        }
        if (screened.isEmpty()) {
            return null;
        }
        // ties go to the more adapted plan, not to the lower loss of a few images: the whole network was the best
        // fine-tune on 5 of the 6 oracle tasks
        screened.sort(Comparator.comparingDouble((Entry c) -> -c.scores.get(0).accuracy())
                .thenComparingInt(c -> familyRank(MOST_ADAPTED_FIRST, c.name)));
        Entry leader = screened.get(0);
        FoldScore led = leader.scores.get(0);
        for (Entry c : screened.subList(1, screened.size())) {
            c.set(PlanReport.Outcome.SCREENED_OUT, String.format(java.util.Locale.ROOT, "%.3f on fold 1 in a run of half"
                    + " its length; %s led with %.3f", c.scores.get(0).accuracy(), leader.name, led.accuracy()));
        }
        leader.description += String.format(java.util.Locale.ROOT, "; led the screening (half its length on fold 1) "
                + "with %.3f", led.accuracy());
        return leader;
    }

    /** Where a candidate's family comes in an order of name prefixes. */
    private static int familyRank(List<String> order, String name) {
        for (int i = 0; i < order.size(); i++) {
            if (name.startsWith(order.get(i))) {
                return i;
            }
        }
        return order.size();
    }

    /**
     * Trains the candidates fold by fold (every candidate on a fold before the next fold) while the
     * budget lasts; a candidate whose next run would overrun it is left out.
     *
     * @param limit the most folds to use
     * @return the folds every remaining candidate was scored on
     */
    private int scoreEveryFold(List<Entry> candidates, DecodedImages images, List<String> classes, List<int[]> folds,
            int limit, int groupCount, double speed) throws Exception {
        int k = folds.size();
        int[] all = Folds.all(images.size());
        int foldsUsed = 0;
        for (int f = 0; f < Math.min(k, limit); f++) {
            boolean any = false;
            for (Entry c : candidates) {
                if (!c.scored() || (f > 0 && c.scores.size() < f)) {
                    continue;
                }
                int[] held = folds.get(f);
                int train = images.size() - held.length;
                Recipe resolved = RecipeResolver.resolve(c.recipe, train, groupCount);
                double estimate = estimate(c.recipe, images.size(), held.length, groupCount, speed, 1);
                if (spent() + estimate > budgetSeconds) {
                    if (f == 0) {
                        c.set(PlanReport.Outcome.NOT_TRIED, OVER_BUDGET);
                    }
                    continue;
                }
                long t0 = System.nanoTime();
                estimatedSeconds += estimate / slowdown();
                try {
                    FoldRunner.Result r = foldRunner().train(classes, images, Folds.without(all, held), held, resolved,
                            c.name + ", fold " + (f + 1) + " of " + k, c.name.replace(':', '-') + "-fold" + (f + 1));
                    c.scores.add(new FoldScore(f, r.accuracy(), r.loss(), held.length, r.predictions()));
                    publishScores();
                } catch (UnfreezeException e) {
                    // one candidate failing (even crashing its process) leaves the others standing
                    c.set(PlanReport.Outcome.FAILED, e.getMessage());
                    c.scores.clear();
                }
                c.seconds += (System.nanoTime() - t0) / 1e9;
                actualSeconds += (System.nanoTime() - t0) / 1e9;
                any = true;
            }
            if (!any) {
                break;
            }
            foldsUsed = f + 1;
        }
        return foldsUsed;
    }

    private void scoreProbe(Entry probe, AdaptedModel model, DecodedImages images, int[] labels, List<String> classNames,
            List<int[]> folds) {
        long t0 = System.nanoTime();
        int classes = classNames.size();
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager(model.model().getNDManager().getDevice())) {
            float[][] x = FeatureCache.compute(model.network(), images, model.preprocessing(), manager, 64).rows();
            for (int f = 0; f < folds.size(); f++) {
                progress("Linear probe: fold " + (f + 1) + " of " + folds.size());
                int[] held = folds.get(f);
                int[] kept = Folds.without(Folds.all(x.length), held);
                int smallest = ProbeHead.smallestClass(subsetLabels(labels, kept), classes);
                LinearProbe.Head head = smallest >= 2
                        ? LinearProbe.fitWithChosenL2(x, labels, kept, classes,
                                Folds.stratified(kept, labels, classes, Math.min(3, smallest), probe.recipe.seed()), null)
                        : LinearProbe.fit(x, labels, kept, classes, LinearProbe.L2_GRID[2], null);
                List<ValidationPrediction> predictions = new ArrayList<>();
                for (int i : held) {
                    int predicted = head.predict(x[i]);
                    predictions.add(new ValidationPrediction(images.sample(i).file().toAbsolutePath().toString(),
                            classNames.get(labels[i]), classNames.get(predicted), head.probabilities(x[i])[predicted]));
                }
                probe.scores.add(new FoldScore(f, head.accuracy(x, labels, held), logLoss(head, x, labels, held),
                        held.length, predictions));
            }
        }
        probe.seconds = (System.nanoTime() - t0) / 1e9;
    }

    /**
     * A linear head for the probe: the asked one when it is linear (its dropout, idle at inference, keeps the
     * network's layout the same as the fine-tuning candidates'), else a plain one.
     */
    private static Recipe.Head probeHead(Recipe.Head asked) {
        return asked.type() == Recipe.Head.Type.LINEAR ? asked : new Recipe.Head(Recipe.Head.Type.LINEAR, asked.hidden(), 0);
    }

    /**
     * Fits the probe on every labelled image into the run folder and says so: the run has a model that
     * predicts, evaluates and exports while the fine-tuning candidates train, and keeps it if the search is
     * cancelled or killed (the chosen plan's final run replaces it only when it ends).
     */
    private void provisionalProbe(Recipe asked, Entry probe) throws Exception {
        progress("Linear probe: fitting it on every labelled image, a model to use while the search goes on");
        Recipe.Data data = asked.data();
        Recipe probeFinal = probe.recipe.withData(new Recipe.Data(data.train(), data.val(), 0, data.imageSize(),
                data.fingerprint())).withEarlyStopping(null);
        provisional.train(probeFinal);
        double heldOut = probe.scores.stream().mapToDouble(FoldScore::accuracy).average().orElse(Double.NaN);
        events.accept(new TrainingEvent.ModelReady(probe.name, true, heldOut, Double.NaN, spent()));
    }

    /**
     * The fine-tuning set-up the candidates share: SGD, discriminative rates, statistics adapting, augmentation,
     * and no early stopping: a fold's run trains its whole length and is scored at its end, as the final run that
     * refits it on every image will be. (Stopped early on a fold's few held-out images and scored at its lowest
     * validation loss, a fine-tune was judged by its first epochs: at chance on tiny folds, where an overconfident
     * but more accurate model has the higher loss.)
     */
    private static Recipe fineTuneBase(Recipe recipe, int groupCount) {
        return recipe.withPlan("full", null, new Recipe.LearningRate(recipe.learningRate().base(), Recipe.LearningRate.Schedule.COSINE, Recipe.LearningRate.Discriminative.NONE,
                spread(groupCount)), recipe.epochs(), Recipe.BatchNorm.AUTO, null).withEarlyStopping(null);
    }

    /** Multipliers from 0.1 at the input group to 1 at the top: a tenfold spread, as fastai's {@code fine_tune}. */
    static List<Double> spread(int groupCount) {
        List<Double> result = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            result.add(groupCount == 1 ? 1.0 : Math.pow(10, -(groupCount - 1 - g) / (double) (groupCount - 1)));
        }
        return result;
    }

    private static List<Entry> fineTuneCandidates(Recipe fineTune, double rate, int groupCount) {
        int top = Math.max(1, (groupCount + 2) / 3);
        Recipe.LearningRate spreadRates = new Recipe.LearningRate(rate, Recipe.LearningRate.Schedule.COSINE, Recipe.LearningRate.Discriminative.NONE, spread(groupCount));
        Recipe.LearningRate flat = new Recipe.LearningRate(rate, Recipe.LearningRate.Schedule.COSINE, Recipe.LearningRate.Discriminative.NONE, null);
        List<Entry> list = new ArrayList<>();
        // (two-stage, the head alone first and then everything, is a preset but not a candidate: on the six tasks of
        // the benchmark's oracle it never won and trailed the best by 0.16 on average; docs/quality-benchmark.md)
        list.add(new Entry("bitfit", "only the scales, shifts and biases of every group train, with the head (BitFit); "
                + "kernels and statistics stay the pretrained ones",
                fineTune.withPlan("bitfit", null, flat, fineTune.epochs(), Recipe.BatchNorm.AUTO, null)));
        list.add(new Entry("partial:" + top, "the top " + top + " of " + groupCount + " groups and the head train",
                fineTune.withPlan("partial:" + top, null, flat, fineTune.epochs(), Recipe.BatchNorm.AUTO, null)));
        // the whole network at one flat rate: on fashion-100 it reached 0.946 on the test images (as the plain
        // PyTorch fine-tune's 0.950), while with the tenfold spread it trailed the top third in the screening
        list.add(new Entry("full", "every group trains from the start, one rate for all",
                fineTune.withPlan("full", null, flat, fineTune.epochs(), Recipe.BatchNorm.AUTO, null)));
        list.add(new Entry("gradual", "head first, then one more group per epoch from the top (ULMFiT), tenfold spread",
                fineTune.withPlan("gradual", null, spreadRates, fineTune.epochs(), Recipe.BatchNorm.AUTO, null)));
        return list;
    }

    private Recipe decide(Recipe asked, List<Entry> entries, int foldsUsed, int folds, int smallestClass, RateCurve curve,
            int foldTrain, int groupCount) throws IOException {
        // rank on the folds every scored candidate has (a paired comparison); the probe has them all
        int common = entries.stream().filter(e -> e.scored() && !e.scores.isEmpty())
                .mapToInt(e -> e.scores.size()).min().orElse(0);
        List<PlanReport.Candidate> rows = new ArrayList<>();
        for (Entry e : entries) {
            List<FoldScore> used = e.scores.subList(0, Math.min(common, e.scores.size()));
            if (used.isEmpty() && e.scored()) {
                e.set(PlanReport.Outcome.NOT_TRIED, OVER_BUDGET);
            }
            double accuracy = used.stream().mapToDouble(FoldScore::accuracy).average().orElse(Double.NaN);
            double loss = used.stream().mapToDouble(FoldScore::loss).average().orElse(Double.NaN);
            String description = e.description;
            if (e.scores.size() > used.size()) { // the probe, scored on more folds than the comparison uses
                double all = e.scores.stream().mapToDouble(FoldScore::accuracy).average().orElse(Double.NaN);
                description += String.format(java.util.Locale.ROOT, "; on all %d folds %.3f ± %.3f", e.scores.size(), all,
                        spread(e.scores, all));
            }
            rows.add(new PlanReport.Candidate(e.name, description, e.outcome, e.status(), accuracy, spread(used, accuracy), loss,
                    used.size(), e.seconds, used.stream().map(FoldScore::accuracy).toList(), e.recipe));
        }
        rows.sort(Comparator.comparing((PlanReport.Candidate c) -> c.scored() ? 0 : c.screenedOut() ? 1 : 2)
                .thenComparing(c -> -c.accuracy())
                .thenComparing(PlanReport.Candidate::loss));
        PlanReport.Candidate top = rows.get(0);
        // the one-standard-error rule (Hastie et al.): among the plans whose shortfall against the best is
        // within one standard error of the paired difference on the same held-out images, the simplest, since
        // on a few images a fine-tune's lead is often noise; with enough images per class, the most adapted,
        // since there fine-tuning usually wins what the folds cannot resolve (with evidence enough to judge)
        double[] standardError = new double[1];
        boolean tiesToFineTuning = smallestClass >= TIES_TO_FINE_TUNING_FROM;
        java.util.function.Function<String, java.util.Map<String, Boolean>> correctOf =
                name -> correctOnCommonFolds(entries, name, common);
        PlanReport.Candidate adapted = !tiesToFineTuning ? null : withinStandardErrors(MOST_ADAPTED_FIRST, rows, top,
                correctOf, standardError, true, 1);
        // one error on any amount of data: a second one for under 30 images a class (once taken from photos-4 alone)
        // kept the probe where a fine-tune refitted on every image won on 4 of the 6 tiny benchmark tasks
        double errors = 1;
        PlanReport.Candidate best = adapted != null ? adapted
                : withinStandardErrors(SAFEST_FIRST, rows, top, correctOf, standardError, false, errors);
        boolean probe = best.name().equals("linear-probe");
        int foldLength = probe ? 1 : RecipeResolver.resolve(best.recipe(), foldTrain, groupCount).epochs();
        Recipe chosen = finalRecipe(asked, best, foldLength);
        String reason = (best == top
                ? String.format(java.util.Locale.ROOT, "%s had the best held-out accuracy (%.3f ± %.3f) on %d of %d "
                        + "stratified folds", best.name(), best.accuracy(), best.spread(), best.foldsScored(), folds)
                : Double.isInfinite(standardError[0])
                        ? String.format(java.util.Locale.ROOT, "%s (%.3f) is the plan preferred when the evidence cannot "
                                + "decide (the safest on the benchmark's tiny tasks); %s (%.3f) scored %s on "
                                + "%d of %d stratified folds, but on under %d held-out images, too few to prefer it",
                                best.name(), best.accuracy(), top.name(), top.accuracy(),
                                top.accuracy() > best.accuracy() ? "higher" : "as high (with a lower loss)",
                                top.foldsScored(), folds, MIN_EVIDENCE)
                        : String.format(java.util.Locale.ROOT, "%s (%.3f) is the %s plan within %s of the best, "
                                + "%s (%.3f), on %d of %d stratified folds%s", best.name(), best.accuracy(),
                                adapted != null ? "most adapted" : "safest",
                                String.format(java.util.Locale.ROOT, "one standard error (%.3f)", standardError[0]),
                                top.name(), top.accuracy(),
                                top.foldsScored(), folds, adapted != null ? String.format(java.util.Locale.ROOT,
                                        " (with %d or more images in every class, ties go to fine-tuning, which usually "
                                                + "wins there)", TIES_TO_FINE_TUNING_FROM) : ""))
                + "; the final model trains on every labelled image"
                + (probe ? "" : ", for " + chosen.epochs() + " epochs" + (asked.epochs() > 0 ? ""
                        : " (the length of the folds' runs)"));
        PlanReport report = new PlanReport(best.name(), reason, folds, foldsUsed, budgetSeconds, spent(), curve, rows);
        Files.writeString(folder.planFile(), PlanJson.write(report));
        if (chosen.data().val() == null) {
            // the final run has no held-out part: the Results step shows the winner's answers on the folds it
            // was scored on, each image judged by a model that did not train on it
            folder.writePredictions(entries.stream().filter(e -> e.name.equals(best.name())).findFirst()
                    .map(e -> e.scores.subList(0, Math.min(common, e.scores.size())).stream()
                            .flatMap(s -> s.predictions().stream()).toList())
                    .orElse(List.of()));
        }
        events.accept(new TrainingEvent.PlanChosen(report));
        return chosen;
    }

    /**
     * The first plan in this order whose shortfall against the best is within {@code errors} standard errors
     * of their paired difference (or null); with {@code evidenceNeeded}, only where that error is known.
     * {@code standardError[0]} receives the chosen plan's error.
     */
    static PlanReport.Candidate withinStandardErrors(List<String> order, List<PlanReport.Candidate> rows,
            PlanReport.Candidate top, java.util.function.Function<String, java.util.Map<String, Boolean>> correctOf,
            double[] standardError, boolean evidenceNeeded, double errors) {
        java.util.Map<String, Boolean> topCorrect = correctOf.apply(top.name());
        for (String prefix : order) {
            for (PlanReport.Candidate c : rows) {
                if (!c.scored() || !c.name().startsWith(prefix)) {
                    continue;
                }
                double se = c == top ? 0 : pairedStandardError(topCorrect, correctOf.apply(c.name()));
                if ((!evidenceNeeded || Double.isFinite(se)) && top.accuracy() - c.accuracy() <= errors * se + 1e-12) {
                    standardError[0] = se;
                    return c;
                }
            }
        }
        return evidenceNeeded ? null : top;
    }

    private static java.util.Map<String, Boolean> correctOnCommonFolds(List<Entry> entries, String name, int common) {
        java.util.Map<String, Boolean> all = new java.util.HashMap<>();
        entries.stream().filter(e -> e.name.equals(name)).findFirst().ifPresent(e ->
                e.scores.subList(0, Math.min(common, e.scores.size())).forEach(s -> all.putAll(s.correct())));
        return all;
    }

    /**
     * The standard error of the difference in accuracy between two candidates judged on the same
     * images: from the images exactly one of them gets right (b and c), sqrt((b + c)/n - d^2) / sqrt(n)
     * with d = (b - c)/n. Images not judged by both are left out. Below {@link #MIN_EVIDENCE} images in
     * common it is infinite: on a fold of five images a fine-tune that gets all five right where the probe
     * gets three says little (measured: such a pick scored 0.71 on the test images, the probe 0.75).
     */
    static double pairedStandardError(java.util.Map<String, Boolean> a, java.util.Map<String, Boolean> b) {
        int n = 0;
        int onlyA = 0;
        int onlyB = 0;
        for (var entry : a.entrySet()) {
            Boolean other = b.get(entry.getKey());
            if (other == null) {
                continue;
            }
            n++;
            onlyA += entry.getValue() && !other ? 1 : 0;
            onlyB += !entry.getValue() && other ? 1 : 0;
        }
        if (n < MIN_EVIDENCE) {
            return Double.POSITIVE_INFINITY;
        }
        double d = (double) (onlyA - onlyB) / n;
        return Math.sqrt(Math.max(0, (double) (onlyA + onlyB) / n - d * d) / n);
    }

    /**
     * The winner's recipe for the final run, which trains on every labelled image, as practitioners refit
     * after cross-validation: the folds have already given the evidence a held-out part would. A linear
     * probe chooses its own L2 strength by folds. A fine-tune trains for the length the user gave, or else
     * for the length the folds' runs trained, its cosine schedule run to its end: a run cut to the folds' best
     * epoch is a shorter schedule than the one they validated, and lost on every task it was measured on, from
     * 10 to 100 images a class (docs/quality-benchmark.md).
     */
    static Recipe finalRecipe(Recipe asked, PlanReport.Candidate best, int foldLength) {
        Recipe r = best.recipe().withData(asked.data());
        boolean probe = best.name().equals("linear-probe");
        int epochs = probe ? 1 : asked.epochs() > 0 ? asked.epochs() : foldLength;
        Recipe.Data data = asked.data();
        return r.withData(new Recipe.Data(data.train(), data.val(), 0, data.imageSize(), data.fingerprint()))
                .withPlan(r.schedule(), r.thawEpochs(), r.learningRate(), Math.max(1, epochs), r.batchNorm(),
                        r.augmentation())
                .withEarlyStopping(null);
    }

    private static double spread(List<FoldScore> scores, double mean) {
        if (scores.isEmpty()) {
            return Double.NaN;
        }
        if (scores.size() == 1) {
            return Math.sqrt(mean * (1 - mean) / Math.max(1, scores.get(0).held()));
        }
        double sum = 0;
        for (FoldScore s : scores) {
            sum += (s.accuracy() - mean) * (s.accuracy() - mean);
        }
        return Math.sqrt(sum / (scores.size() - 1));
    }

    private static double logLoss(LinearProbe.Head head, float[][] x, int[] y, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            sum -= Math.log(Math.max(head.probabilities(x[r])[y[r]], Double.MIN_NORMAL));
        }
        return rows.length == 0 ? Double.NaN : sum / rows.length;
    }

    private static int[] subsetLabels(int[] labels, int[] rows) {
        int[] result = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            result[i] = labels[rows[i]];
        }
        return result;
    }

    /**
     * Reports the leaderboard so far: each candidate's mean over the folds it has been scored on (not yet a paired
     * comparison: that is the choice's, at the end).
     */
    private void publishScores() {
        List<PlanReport.Candidate> rows = new ArrayList<>();
        for (Entry e : board) {
            double accuracy = e.scores.stream().mapToDouble(FoldScore::accuracy).average().orElse(Double.NaN);
            double loss = e.scores.stream().mapToDouble(FoldScore::loss).average().orElse(Double.NaN);
            PlanReport.Outcome outcome = e.scores.isEmpty() && e.scored() ? PlanReport.Outcome.WAITING : e.outcome;
            rows.add(new PlanReport.Candidate(e.name, e.description, outcome, outcome.describe(e.why), accuracy,
                    spread(e.scores, accuracy), loss,
                    e.scores.size(), e.seconds, e.scores.stream().map(FoldScore::accuracy).toList(), e.recipe));
        }
        events.accept(new TrainingEvent.PlanScores(new PlanReport(null, null, foldCount, 0, budgetSeconds, spent(), null,
                rows)));
    }

    /** How much longer the fine-tuning runs took than estimated so far (1 before the first). */
    private double slowdown() {
        return estimatedSeconds == 0 ? 1 : Math.max(1, actualSeconds / estimatedSeconds);
    }

    private FoldRunner foldRunner() {
        return new FoldRunner(candidates, folder.dir().resolve("plan"), control, this::progress);
    }

    private double spent() {
        return (System.nanoTime() - started) / 1e9;
    }

    private void progress(String message) {
        if (control.cancelled()) {
            throw new CancellationException("cancelled during the plan search");
        }
        double fraction = Double.isInfinite(budgetSeconds) ? 0 : Math.min(1, spent() / budgetSeconds);
        events.accept(new TrainingEvent.PlanProgress(message, fraction));
    }


}
