package dev.unfreeze.training.engine;

import ai.djl.Device;
import dev.unfreeze.training.api.InputSize;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.data.DatasetInspector;
import dev.unfreeze.training.data.Datasets;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.data.Split;
import dev.unfreeze.training.data.StratifiedSplit;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Everything a run needs before its first step: the network, the schedule, the decoded images and,
 * when resuming, the checkpoint it continues from.
 *
 * @param recipe the recipe with every automatic value decided (what {@code recipe.json} records)
 * @param model the adapted network
 * @param schedule when each backbone group thaws
 * @param train the training images
 * @param val the validation images
 * @param test the test images the dataset set apart (empty when it has none)
 * @param resumedFrom where a resumed run continues, or null
 * @param datasetWarnings the dataset report's warnings, in words (empty when resuming)
 */
public record PreparedRun(Recipe recipe, AdaptedModel model, UnfreezeSchedule schedule, DecodedImages train, DecodedImages val,
        DecodedImages test, ResumePoint resumedFrom, List<String> datasetWarnings) implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PreparedRun.class);


    /**
     * Sets up a new run: reads and inspects the dataset (refusing it when the report has errors, or
     * when it no longer matches the recipe's fingerprint), and records the split and fingerprint in
     * the run folder.
     */
    public static PreparedRun fresh(Recipe asked, RunFolder folder, ModelCatalog catalog) throws IOException {
        return fresh(asked, folder, catalog, e -> { });
    }

    /** As above, reporting the slow steps (reading the dataset, decoding its images) to {@code events}. */
    public static PreparedRun fresh(Recipe asked, RunFolder folder, ModelCatalog catalog,
            Consumer<TrainingEvent> events) throws IOException {
        return fresh(asked, folder, catalog, events, true);
    }

    /**
     * As above; without {@code withTest} the dataset's test part is neither decoded nor scored (a provisional
     * model that must be ready in seconds leaves it to the final run).
     */
    static PreparedRun fresh(Recipe asked, RunFolder folder, ModelCatalog catalog,
            Consumer<TrainingEvent> events, boolean withTest) throws IOException {
        Device device = Devices.select(asked.device());
        Devices.setThreads(asked.threads());
        ResolvedModel base = catalog.resolve(asked.model());
        asked = HeadFeatures.resolve(asked, base.metadata());
        Path cache = catalog.workspace().cache();
        DatasetInspector.Inspection dataset = Datasets.inspect(asked.data().train(), asked.data().val(), cache,
                SetupProgress.of(events, "Reading the dataset"));
        DatasetReport report = dataset.report();
        refuseIfUnusable(asked, report);
        String sizeNotice = InputSize.notice(asked, base.metadata().inputSize(), report.images());
        if (sizeNotice != null) {
            events.accept(new TrainingEvent.Notice(sizeNotice));
        }
        asked = InputSize.resolve(asked, base.metadata().inputSize(), report.images());
        List<Sample> train = dataset.samples(Split.TRAIN, Split.UNSPLIT);
        List<Sample> val = dataset.samples(Split.VAL);
        List<Sample> test = withTest ? dataset.samples(Split.TEST) : List.of();
        if (val.isEmpty() && asked.data().valFraction() > 0 && !HeldOut.worthHoldingOut(train, dataset.classes().size())) {
            events.accept(new TrainingEvent.Notice(String.format(Locale.ROOT, "With %d images in the smallest class "
                    + "no part is held out for validation: a fifth would be too few images to judge the run and a fifth "
                    + "less to learn from, so it trains on every image for its whole length. The automatic plan estimates "
                    + "accuracy honestly on folds; a separate validation folder is used as it is.",
                    HeldOut.smallestClass(train, dataset.classes().size()))));
        } else if (val.isEmpty() && asked.data().valFraction() > 0) {
            StratifiedSplit split = StratifiedSplit.of(train, dataset.classes().size(), asked.data().valFraction(), asked.seed());
            train = split.train();
            val = split.val();
        }
        Path root = Path.of(report.root());
        AdaptedModel model = AdaptedModel.create(base, dataset.classes(), asked.head(), asked.fromScratch(),
                asked.data().imageSize(), asked.seed(), device);
        asked = PretrainedAugmentation.decide(asked, base, dataset.classes(), train, model.groups().size(), events);
        Recipe recipe = RecipeResolver.resolve(asked, train.size(), model.groups().size());
        try {
            folder.writeInfo(new RunInfo(dataset.classes(), base.info().id(), base.info().location(),
                    base.metadata().lineage(), root.toString(), report.fingerprint(), relative(root, train),
                    relative(root, val), model.network().featureDimension(), model.preprocessing().size(),
                    train.stream().map(Sample::label).toList(), val.stream().map(Sample::label).toList(),
                    relative(root, test), test.stream().map(Sample::label).toList()));
            folder.writeSplit(train, val, test, dataset.classes());
            folder.writeDatasetReport(report);
            RecipeCodec.write(recipe.withData(recipe.data().withFingerprint(report.fingerprint())),
                    folder.recipeFile());
            return decode(recipe, model, train, val, test, null, cache, events).withDatasetWarnings(report.findings().stream()
                    .filter(f -> f.severity() == DatasetReport.Severity.WARNING)
                    .map(f -> (f.file() == null ? "" : f.file() + ": ") + f.message()).toList());
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private PreparedRun withDatasetWarnings(List<String> warnings) {
        return new PreparedRun(recipe, model, schedule, train, val, test, resumedFrom, warnings);
    }

    static void refuseIfUnusable(Recipe recipe, DatasetReport report) {
        if (!report.canTrain()) {
            // the errors, and the classes that were skipped on the way (often the reason for them)
            throw new UnfreezeException("the dataset cannot train: " + report.findings().stream()
                    .filter(f -> f.severity() == DatasetReport.Severity.ERROR || f.kind().equals("empty-class"))
                    .map(DatasetReport.Finding::message).collect(Collectors.joining("; ")));
        }
        String expected = recipe.data().fingerprint();
        if (expected != null && !expected.isBlank() && !expected.equals(report.fingerprint())) {
            throw new UnfreezeException("the dataset has changed since the recipe was written: its fingerprint was "
                    + expected + " and is now " + report.fingerprint() + " (remove 'data.fingerprint' to train on it as it is)");
        }
        report.findings().stream().filter(f -> f.severity() == DatasetReport.Severity.WARNING).forEach(f ->
                LOG.warn("dataset: {}{}", f.file() == null ? "" : f.file() + ": ", f.message()));
        // (the warnings also reach the user in the run's first event)
    }

    /** Sets up a run again from its folder and its last checkpoint. */
    public static PreparedRun resumed(Recipe recipe, RunFolder folder, ModelCatalog catalog) throws IOException {
        return resumed(recipe, folder, catalog, e -> { });
    }

    /** As above, reporting the decoding of the images to {@code events}. */
    public static PreparedRun resumed(Recipe recipe, RunFolder folder, ModelCatalog catalog,
            Consumer<TrainingEvent> events) throws IOException {
        RunInfo info = folder.info();
        CheckpointStore.Loaded checkpoint = CheckpointStore.read(folder.lastCheckpoint());
        folder.truncateAfterEpoch(checkpoint.header().epoch());
        Device device = Devices.select(recipe.device());
        Devices.setThreads(recipe.threads());
        ResolvedModel base = withCheckpointBackbone(catalog.resolve(recipe.model()), checkpoint,
                folder.dir().resolve("checkpoints").resolve("resume-backbone.pt"));
        Path root = Path.of(info.datasetRoot());
        AdaptedModel model = AdaptedModel.create(base, info.classes(), recipe.head(), false, info.imageSize(),
                recipe.seed(), device);
        try {
            checkpoint.restoreInto(model.network());
            List<Sample> test = info.testFiles() == null ? List.of()
                    : samples(root, info.testFiles(), info.testLabels(), info.classes());
            return decode(recipe, model, samples(root, info.trainFiles(), info.trainLabels(), info.classes()),
                    samples(root, info.valFiles(), info.valLabels(), info.classes()), test,
                    new ResumePoint(checkpoint.header(), checkpoint.optimizer()),
                    catalog.workspace().cache(), events);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Sets up again, from the beginning, a run that stopped before its first checkpoint: the same
     * recipe and the same split (from the run folder), fresh weights.
     */
    public static PreparedRun restarted(Recipe recipe, RunFolder folder, ModelCatalog catalog,
            Consumer<TrainingEvent> events) throws IOException {
        RunInfo info = folder.info();
        Device device = Devices.select(recipe.device());
        Devices.setThreads(recipe.threads());
        Path root = Path.of(info.datasetRoot());
        AdaptedModel model = AdaptedModel.create(catalog.resolve(recipe.model()), info.classes(), recipe.head(),
                recipe.fromScratch(), info.imageSize(), recipe.seed(), device);
        try {
            List<Sample> test = info.testFiles() == null ? List.of()
                    : samples(root, info.testFiles(), info.testLabels(), info.classes());
            return decode(recipe, model, samples(root, info.trainFiles(), info.trainLabels(), info.classes()),
                    samples(root, info.valFiles(), info.valLabels(), info.classes()), test, null,
                    catalog.workspace().cache(), events);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The base model with the checkpoint's TorchScript backbone in place of the original weights:
     * the saved module carries BatchNorm statistics that parameters alone do not.
     */
    public static ResolvedModel withCheckpointBackbone(ResolvedModel base, CheckpointStore.Loaded checkpoint, Path module)
            throws IOException {
        if (checkpoint.module().length == 0) {
            return base;
        }
        Files.write(module, checkpoint.module());
        return new ResolvedModel(base.info(), base.metadata(), module);
    }

    private static PreparedRun decode(Recipe recipe, AdaptedModel model, List<Sample> train, List<Sample> val,
            List<Sample> test, ResumePoint resumedFrom, Path cache, Consumer<TrainingEvent> events) {
        UnfreezeSchedule schedule = schedule(recipe, model.groups().size());
        // Decoded images stay in memory up to a third of the heap; beyond it they go to a cache file.
        long budget = Runtime.getRuntime().maxMemory() / 3;
        Path spill = cache.resolve("decoded");
        DecodedImages trainImages = DecodedImages.decode(train, model.preprocessing(), budget, spill,
                SetupProgress.of(events, "Decoding " + train.size() + " training images"));
        if (trainImages.size() == 0) {
            trainImages.close();
            throw new UnfreezeException("none of the " + train.size() + " training images could be read");
        }
        long trainBytes = trainImages.onDisk() ? 0 : DecodedImages.bytes(trainImages.size(), model.preprocessing());
        long valBytes = DecodedImages.bytes(val.size(), model.preprocessing());
        DecodedImages valImages = DecodedImages.decode(val, model.preprocessing(), Math.max(0, budget - trainBytes), spill,
                SetupProgress.of(events, "Decoding " + val.size() + " validation images"));
        DecodedImages testImages = DecodedImages.decode(test, model.preprocessing(),
                Math.max(0, budget - trainBytes - valBytes), spill);
        return new PreparedRun(recipe, model, schedule, trainImages, valImages, testImages, resumedFrom, List.of());
    }

    /** The recipe's schedule for this many backbone groups; a baseline from scratch trains everything. */
    static UnfreezeSchedule schedule(Recipe recipe, int groupCount) {
        if (recipe.fromScratch()) {
            return new Schedule.Full().thawPlan(groupCount);
        }
        if (recipe.thawEpochs() != null) {
            if (recipe.thawEpochs().size() != groupCount) {
                throw new UnfreezeException("'thawEpochs' has " + recipe.thawEpochs().size() + " entries but the model has "
                        + groupCount + " layer groups");
            }
            return new UnfreezeSchedule(recipe.thawEpochs().stream().map(e -> e < 0 ? UnfreezeSchedule.NEVER : e).toList(),
                    UnfreezeSchedule.NEVER);
        }
        try {
            return recipe.schedule().thawPlan(groupCount);
        } catch (IllegalArgumentException e) {
            throw new UnfreezeException(e.getMessage(), e);
        }
    }

    private static List<String> relative(Path root, List<Sample> samples) {
        return samples.stream().map(s -> {
            Path file = s.file().toAbsolutePath().normalize();
            return file.startsWith(root) ? root.relativize(file).toString().replace('\\', '/') : file.toString();
        }).toList();
    }

    private static List<Sample> samples(Path root, List<String> files, List<Integer> labels, List<String> classes) {
        List<Sample> result = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            Path path = root.resolve(file);
            if (labels != null) {
                result.add(new Sample(path, labels.get(i)));
                continue;
            }
            String label = path.getParent().getFileName().toString();
            int index = classes.indexOf(label);
            if (index < 0) {
                throw new UnfreezeException("the run lists " + file + " whose class '" + label + "' it does not know");
            }
            result.add(new Sample(path, index));
        }
        return result;
    }

    @Override
    public void close() {
        train.close();
        val.close();
        test.close();
        model.close();
    }
}
