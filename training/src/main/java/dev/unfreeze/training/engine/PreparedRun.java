package dev.unfreeze.training.engine;

import ai.djl.Device;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.UnfreezeSchedule;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.data.ClassFolderDataset;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.data.Sample;
import dev.unfreeze.training.data.StratifiedSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs before its first step: the network, the schedule, the decoded images and,
 * when resuming, the checkpoint it continues from.
 *
 * @param model the adapted network
 * @param schedule when each backbone group thaws
 * @param train the training images
 * @param val the validation images
 * @param resumedFrom the checkpoint a resumed run continues from, or null
 */
public record PreparedRun(AdaptedModel model, UnfreezeSchedule schedule, DecodedImages train, DecodedImages val,
        Checkpoint resumedFrom) implements AutoCloseable {

    /** Sets up a new run and records its split in the run folder. */
    public static PreparedRun fresh(Recipe recipe, RunFolder folder, ModelCatalog catalog) throws IOException {
        Device device = Devices.select(recipe.device());
        Devices.setThreads(recipe.threads());
        ResolvedModel base = catalog.resolve(recipe.model());
        Path root = Path.of(recipe.data().train()).toAbsolutePath();
        ClassFolderDataset dataset = ClassFolderDataset.open(root,
                recipe.data().val() == null ? null : Path.of(recipe.data().val()).toAbsolutePath());
        List<Sample> train = dataset.train();
        List<Sample> val = dataset.val();
        if (val.isEmpty()) {
            StratifiedSplit split = StratifiedSplit.of(train, dataset.classes().size(), recipe.data().valFraction(), recipe.seed());
            train = split.train();
            val = split.val();
        }
        AdaptedModel model = AdaptedModel.create(base, dataset.classes(), recipe.head(), recipe.fromScratch(),
                recipe.data().imageSize(), recipe.seed(), device);
        try {
            folder.writeInfo(new RunInfo(dataset.classes(), base.info().id(), base.info().location(),
                    base.metadata().lineage(), root.toString(), dataset.fingerprint(), relative(root, train),
                    relative(root, val), model.network().featureDimension(), model.preprocessing().size()));
            return decode(recipe, model, train, val, null);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Sets up a run again from its folder and its last checkpoint. */
    public static PreparedRun resumed(Recipe recipe, RunFolder folder, ModelCatalog catalog) throws IOException {
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
            return decode(recipe, model, samples(root, info.trainFiles(), info.classes()),
                    samples(root, info.valFiles(), info.classes()), checkpoint.header());
        } catch (IOException | RuntimeException e) {
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
        java.nio.file.Files.write(module, checkpoint.module());
        return new ResolvedModel(base.info(), base.metadata(), module);
    }

    private static PreparedRun decode(Recipe recipe, AdaptedModel model, List<Sample> train, List<Sample> val,
            Checkpoint resumedFrom) {
        UnfreezeSchedule schedule = schedule(recipe, model.groups().size());
        DecodedImages trainImages = DecodedImages.decode(train, model.preprocessing());
        if (trainImages.size() == 0) {
            throw new UnfreezeException("none of the " + train.size() + " training images could be read");
        }
        DecodedImages valImages = DecodedImages.decode(val, model.preprocessing());
        return new PreparedRun(model, schedule, trainImages, valImages, resumedFrom);
    }

    /** The recipe's schedule for this many backbone groups; a baseline from scratch trains everything. */
    static UnfreezeSchedule schedule(Recipe recipe, int groupCount) {
        if (recipe.fromScratch()) {
            return UnfreezeSchedule.preset("full", groupCount);
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
            return UnfreezeSchedule.preset(recipe.schedule(), groupCount);
        } catch (IllegalArgumentException e) {
            throw new UnfreezeException(e.getMessage(), e);
        }
    }

    private static List<String> relative(Path root, List<Sample> samples) {
        return samples.stream().map(s -> root.relativize(s.file()).toString().replace('\\', '/')).toList();
    }

    private static List<Sample> samples(Path root, List<String> files, List<String> classes) {
        List<Sample> result = new ArrayList<>();
        for (String file : files) {
            Path path = root.resolve(file);
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
        model.close();
    }
}
