package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.unfreeze.training.api.InputSize;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.TrainingLength;
import dev.unfreeze.training.api.TrainingService;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.data.Split;
import dev.unfreeze.training.runs.Folders;
import dev.unfreeze.training.runs.RunFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The automatic plan: a budgeted search over candidate plans, scored on stratified folds of the labelled images (a
 * dataset's test part never takes part), that returns the best candidate's recipe. This class runs the search; its
 * parts each do one job: {@link CandidatePlans} (what is tried), {@link FoldScorer} (scoring on folds),
 * {@link SearchBudget} (time), {@link SelectionRule} (which wins), {@link PlanReason} (why, in words) and
 * {@link PlanVerdict} (the plan written and reported). The probe is scored on every fold first (seconds) and fitted on
 * every image at once, a usable model while the rest goes on. The fine-tunes share one learning-rate range test (on
 * tiny data, the recipe's rate); when the budget cannot train each on every fold, they halve successively
 * ({@link FineTuneScoring}) (the rung of Hyperband): each trains on the first fold for half its length, and only the
 * best goes on, at full length, on as many folds as fit, against the probe on the same images. Where those folds
 * could not change the choice, they follow the chosen plan's final run ({@link FoldsAfterTheModel}).
 */
public final class PlanSearch {
    /** Below this many images in the smallest class a held-out split is noise: as many folds as it has images (2 to 5). */
    static final int TINY = 30;
    private static final int MAX_FOLDS = 5;
    private static final int SWEEP_STEPS = 60;
    /** Steps that time the training where no range test runs (the first, warming up, is not timed). */
    private static final int TIMING_STEPS = 8;
    private final ModelCatalog catalog;
    private final RunFolder folder;
    private final Consumer<TrainingEvent> events;
    private final RunControl control;
    private final TrainingService candidates;
    private final ProvisionalModel provisional;
    /** Every candidate, for the leaderboard the search reports as it goes. */
    private final List<PlanCandidate> board = new ArrayList<>();
    /** The search's clock starts with it: a search is made to run at once. */
    private final SearchBudget budget = new SearchBudget();
    private final FoldScorer scorer;
    private final PlanVerdict verdict;
    private int foldCount;

    /**
     * The search's outcome: the recipe to train; when that is a fine-tune, the probe to keep instead should its final
     * run learn nothing; and when the chosen plan's folds were put after its final run, their estimate to make then.
     */
    record Chosen(Recipe recipe, Optional<ProbeFallback> fallback, Optional<HeldOutEstimate> estimate) {
        Chosen(Recipe recipe, Optional<ProbeFallback> fallback) {
            this(recipe, fallback, Optional.empty());
        }
    }

    /** The chosen plan's score on its folds, made once its final run has trained the model (it reports itself). */
    @FunctionalInterface
    interface HeldOutEstimate {
        void make() throws Exception;
    }

    /** Trains a recipe to its end in the run's folder, so that the folder holds its model. */
    @FunctionalInterface
    interface ProvisionalModel {
        /** @param known the backbone's features of the labelled images, computed once for the search's probe */
        void train(Recipe recipe, KnownFeatures known) throws Exception;
    }

    /**
     * @param candidates trains each candidate on each fold (in the worker: a process per fold)
     * @param provisional fits the linear probe on every labelled image as soon as it is scored, so that the run
     *     has a usable model within seconds while the search goes on
     */
    PlanSearch(ModelCatalog catalog, RunFolder folder, Consumer<TrainingEvent> events, RunControl control,
            TrainingService candidates, ProvisionalModel provisional) {
        this.catalog = catalog;
        this.folder = folder;
        this.events = events;
        this.control = control;
        this.candidates = candidates;
        this.provisional = provisional;
        this.scorer = new FoldScorer(budget, () -> new FoldRunner(candidates, folder.dir().resolve("plan"), control,
                this::progress), this::publishScores, this::progress);
        this.verdict = new PlanVerdict(folder, events, budget);
    }

    /**
     * Searches, writes {@code plan.json} and reports the leaderboard.
     *
     * @return the chosen recipe, with every automatic value decided, and the probe to keep should it learn nothing
     * @throws CancellationException when the run is cancelled during the search
     */
    public Chosen choose(Recipe recipe) throws Exception {
        if (!(recipe.schedule() instanceof Schedule.Automatic automatic)) {
            throw new IllegalArgumentException("the plan search is for the automatic plan, not " + recipe.schedule().text());
        }
        PlanBudget asked = automatic.budget();
        Device device = Devices.select(recipe.device());
        Devices.setThreads(recipe.threads());
        ResolvedModel base = catalog.resolve(recipe.model());
        recipe = HeadFeatures.resolve(recipe, base.metadata());
        progress("Reading the dataset");
        DatasetInspector.Inspection dataset = Datasets.inspect(recipe.data().train(), recipe.data().val(),
                catalog.workspace().cache(), p -> { });
        PreparedRun.refuseIfUnusable(recipe, dataset.report());
        List<Sample> pooled = new ArrayList<>(dataset.samples(Split.TRAIN, Split.UNSPLIT));
        pooled.addAll(dataset.samples(Split.VAL));
        List<String> classes = dataset.classes();
        PlanCandidate probe = CandidatePlans.probe(recipe);
        try (AdaptedModel probeModel = AdaptedModel.create(base, classes, probe.recipe.head(), false,
                recipe.data().imageSize(), recipe.seed(), device);
                DecodedImages images = DecodedImages.decode(pooled, probeModel.preprocessing(),
                        Runtime.getRuntime().maxMemory() / 3, catalog.workspace().cache().resolve("decoded"))) {
            int[] labels = images.labels();
            int smallest = ProbeHead.smallestClass(labels, classes.size());
            // as many folds as the smallest class has images on tiny data; else folds of the asked held-out share
            // (folds that train on less judge fine-tuning too harshly: docs/quality-benchmark.md)
            int k = smallest < TINY ? Math.max(2, Math.min(MAX_FOLDS, smallest))
                    : Math.max(2, (int) Math.round(1 / Math.max(0.1, recipe.data().valFraction())));
            int[] all = Folds.all(images.size());
            List<int[]> folds = Folds.stratified(all, labels, classes.size(), k, recipe.seed());
            int groupCount = probeModel.groups().size();

            progress("Linear probe: computing the backbone's features of " + images.size() + " images");
            long featuresStart = System.nanoTime();
            float[][] features;
            try (NDManager manager = NDManager.newBaseManager(device)) {
                features = FeatureCache.compute(probeModel.network(), images, probeModel.preprocessing(), manager, 64).rows();
            }
            probe.seconds = (System.nanoTime() - featuresStart) / 1e9;
            // the first model before the probe's folds: on a few hundred images scoring them takes longer than the fit
            if (probe.recipe.head().equals(recipe.head())) { // the folder's recipe then describes the probe's network too
                provisionalProbe(recipe, probe, KnownFeatures.of(images, features));
            }
            scorer.probe(probe, features, images, labels, classes, folds);
            foldCount = k;
            board.add(probe);
            publishScores();

            int foldTrain = images.size() - folds.get(0).length;
            // the fine-tunes train at the size the rule gives their images; the probe keeps the model's own
            Recipe fineTuneAsked = CandidatePlans.fineTuneBase(recipe, groupCount);
            String sizeNotice = InputSize.notice(fineTuneAsked, base.metadata().inputSize(), dataset.report().images());
            if (sizeNotice != null) { // the fold runs and the final run are then given the size: they say nothing
                events.accept(new TrainingEvent.Notice(sizeNotice));
            }
            Recipe fineTune = InputSize.resolve(fineTuneAsked, base.metadata().inputSize(), dataset.report().images());
            if (asked.spentAfter(budget.spent())) { // the time given is gone: the probe is the plan
                budget.setSeconds(0);
                List<PlanCandidate> fineTunes = CandidatePlans.fineTunes(fineTune, recipe.learningRate().base(), groupCount);
                fineTunes.forEach(c -> c.set(PlanReport.Outcome.NOT_TRIED,
                        "the time given was spent before fine-tuning could start"));
                List<PlanCandidate> entries = new ArrayList<>(List.of(probe));
                entries.addAll(fineTunes);
                return verdict.decide(recipe, entries, 0, k,
                        Preference.of(smallest, classes.size(), images.size(), Double.NaN),
                        null, images.size(), groupCount, false);
            }
            // under 20 images a class the range test's rate did no better than the recipe's (docs/quality-benchmark.md)
            // and took a quarter of the search: there a few steps only time the training, for the budget
            boolean tinyData = smallest < Preference.ENOUGH_IMAGES;
            double shift = StatisticsShift.atInputOrNaN(base, classes, pooled, recipe.seed(), this::progress);
            Preference preference = Preference.forData(smallest, classes.size(), images.size(), shift,
                    notice -> events.accept(new TrainingEvent.Notice(notice)));
            fineTune = fineTune.withPlan(fineTune.schedule(), null, fineTune.learningRate(), fineTune.epochs(),
                    fineTune.batchNorm(), recipe.augmentation() != null ? recipe.augmentation()
                            : Recipe.Augmentation.forPretrained(shift));
            if (recipe.augmentation() == null) {
                events.accept(new TrainingEvent.Notice(PretrainedAugmentation.notice(fineTune.augmentation(), shift)));
            }
            progress(tinyData ? "Timing a few training steps (under " + Preference.ENOUGH_IMAGES
                    + " images a class the fine-tunes train at the recipe's rate)"
                    : "Learning-rate range test (" + SWEEP_STEPS + " steps, whole network)");
            RateCurve swept;
            DecodedImages sweepSubset = images.subset(Folds.without(all, folds.get(0)));
            if (sweepSubset.decodesAgainAt(fineTune.data().imageSize())) {
                progress("Decoding " + sweepSubset.size() + " images at " + fineTune.data().imageSize() + " x "
                        + fineTune.data().imageSize() + " px for fine-tuning");
            }
            try (DecodedImages sweepImages = sweepSubset.atSize(fineTune.data().imageSize(),
                    Runtime.getRuntime().maxMemory() / 3, catalog.workspace().cache().resolve("decoded"))) {
                swept = RateFinder.sweep(base, classes, sweepImages, RecipeResolver.resolve(fineTune, foldTrain, groupCount),
                        tinyData ? TIMING_STEPS : SWEEP_STEPS, device, null);
            }
            RateCurve curve = tinyData ? null : swept;
            double rate = tinyData ? recipe.learningRate().base()
                    : Double.isFinite(swept.suggested()) ? Math.max(1e-4, Math.min(0.1, swept.suggested())) : 0.01;
            double speed = Double.isFinite(swept.imagesPerSecond()) && swept.imagesPerSecond() > 0 ? swept.imagesPerSecond() : 10;
            int finalEpochs = recipe.epochs() > 0 ? recipe.epochs() : TrainingLength.epochs(
                    images.size(), recipe.batchSize(), PreparedRun.schedule(fineTune, groupCount));
            double oneRun = finalEpochs * images.size() / speed;
            budget.setSeconds(asked.searchSeconds(oneRun));
            List<PlanCandidate> fineTunes = CandidatePlans.fineTunes(fineTune, rate, groupCount);
            board.addAll(fineTunes);
            FineTuneScoring scoring = new FineTuneScoring(scorer, budget, this::publishScores);
            List<Sample> samples = images.samples();
            int foldsUsed = scoring.score(fineTunes, probe, samples, classes, folds, groupCount, speed, preference);
            Folders.deleteTree(folder.dir().resolve("plan"));
            List<PlanCandidate> entries = new ArrayList<>();
            entries.add(probe);
            entries.addAll(fineTunes);
            Chosen chosen = verdict.decide(recipe, entries, foldsUsed, k, preference, curve, images.size(), groupCount,
                    asked.leavesTimeFor(budget.spent(), oneRun));
            Recipe asks = recipe;
            return scoring.afterTheModel().map(after -> new Chosen(chosen.recipe(), chosen.fallback(),
                    Optional.<HeldOutEstimate>of(() -> estimate(after, asks, entries, samples, classes, folds,
                            preference, curve, groupCount, speed)))).orElse(chosen);
        }
    }

    /**
     * Says that the chosen plan's model is ready, scores it on the folds put after it, and reports the plan again
     * with that score; a fold run that failed leaves the plan as chosen, without one, and says so.
     */
    private void estimate(FoldsAfterTheModel after, Recipe asked, List<PlanCandidate> entries, List<Sample> images,
            List<String> classes, List<int[]> folds, Preference preference, RateCurve curve, int groupCount,
            double speed) throws Exception {
        PlanCandidate chosen = after.candidate();
        events.accept(new TrainingEvent.ModelReady(chosen.name, false, Double.NaN, Double.NaN, budget.sinceStart()));
        int used = after.score(scorer, budget, images, classes, folds, groupCount, speed);
        Folders.deleteTree(folder.dir().resolve("plan"));
        if (chosen.scored()) {
            verdict.decide(asked, entries, used, folds.size(), preference, curve, images.size(), groupCount, false);
        } else {
            events.accept(new TrainingEvent.Notice("The model is " + chosen.name + "'s final run, complete; its score"
                    + " on the held-out folds could not be made (" + chosen.outcome.describe(chosen.why) + ")."));
        }
    }

    /**
     * Fits the probe on every labelled image into the run folder and says so: the run has a model that
     * predicts, evaluates and exports while the fine-tuning candidates train, and keeps it if the search is
     * cancelled or killed (the chosen plan's final run replaces it only when it ends).
     */
    private void provisionalProbe(Recipe asked, PlanCandidate probe, KnownFeatures known) throws Exception {
        progress("Linear probe: fitting it on every labelled image, a model to use while the search goes on");
        Recipe.Data data = asked.data();
        Recipe probeFinal = probe.recipe.withData(new Recipe.Data(data.train(), data.val(), 0, data.imageSize(),
                data.fingerprint())).withEarlyStopping(null);
        provisional.train(probeFinal, known);
        events.accept(new TrainingEvent.ModelReady(probe.name, true, Double.NaN, Double.NaN, budget.sinceStart()));
    }

    /**
     * Reports the leaderboard so far: each candidate's mean over the folds it has been scored on (not yet a paired
     * comparison: that is the choice's, at the end).
     */
    private void publishScores() {
        List<PlanReport.Candidate> rows = board.stream().map(PlanCandidate::standing).toList();
        Optional<PlanReport> chosen = verdict.reported(); // the plan's own folds, after its model
        events.accept(new TrainingEvent.PlanScores(new PlanReport(chosen.map(PlanReport::chosen).orElse(null),
                chosen.map(PlanReport::reason).orElse(null), foldCount, 0, budget.seconds(), budget.spent(), null,
                rows)));
    }

    private void progress(String message) {
        if (control.cancelled()) {
            throw new CancellationException("cancelled during the plan search");
        }
        events.accept(new TrainingEvent.PlanProgress(message, budget.fraction()));
    }
}
