package dev.unfreeze.training.export;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.api.Versions;
import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.engine.CheckpointStore;
import dev.unfreeze.training.runs.EventJson;
import dev.unfreeze.training.runs.RunFolder;
import dev.unfreeze.training.runs.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A model card from a run folder: its recipe, data, metrics and test result, with the export's files and usage. */
final class ModelCards {
    private ModelCards() {}

    /** The exact input the model expects. */
    static Map<String, Object> preprocessing(RunInfo info, AdaptedModel model, ModelMetadata baseMeta) {
        Map<String, Object> preprocessing = new LinkedHashMap<>();
        preprocessing.put("size", info.imageSize());
        preprocessing.put("colour", model.preprocessing().channels() == 1 ? "greyscale" : "RGB");
        preprocessing.put("resize", "bilinear with antialiasing to size x size (Pillow's resize(BILINEAR), torchvision's antialias=True)");
        preprocessing.put("range", "[0, 1] (pixel / 255)");
        preprocessing.put("mean", baseMeta.mean());
        preprocessing.put("std", baseMeta.std());
        return preprocessing;
    }

    static ModelCard card(String name, RunFolder run, Recipe recipe, RunInfo info, CheckpointStore.Loaded checkpoint,
            ModelMetadata baseMeta, List<String> lineage, Map<String, Object> preprocessing, Map<String, String> files,
            Map<String, String> usage) throws IOException {
        TrainingEvent.EpochDone metrics = null;
        for (TrainingEvent e : run.events()) {
            if (e instanceof TrainingEvent.EpochDone done && done.epoch() == checkpoint.header().bestEpoch()) {
                metrics = done;
            }
        }
        return new ModelCard(name, baseMeta.id(), lineage, recipe.fromScratch(), recipe, info.datasetFingerprint(),
                info.trainFiles().size(), info.valFiles().size(), info.classes(), preprocessing,
                checkpoint.header().bestEpoch(), checkpoint.header().bestValAccuracy(), checkpoint.header().bestValLoss(),
                perClass(run, info, metrics), testResult(run), foldEstimate(run, info), Versions.current(), files, usage);
    }

    /**
     * The exported weights' per-class figures: their validation epoch's; for a model trained on every image,
     * those of the automatic plan's answers on its folds (what the run folder keeps as its predictions).
     */
    private static List<ClassMetrics> perClass(RunFolder run, RunInfo info,
            TrainingEvent.EpochDone metrics) {
        if (info.valFiles().isEmpty()) {
            List<ValidationPrediction> folds = run.predictions();
            return folds.isEmpty() ? List.of() : ClassMetrics.of(
                    ValidationPrediction.confusion(folds, info.classes()), info.classes());
        }
        return metrics == null ? List.of() : metrics.perClass();
    }

    /** The plan's cross-validated estimate of a model that trained on every image; null when it had validation images. */
    private static ModelCard.FoldEstimate foldEstimate(RunFolder run, RunInfo info) {
        PlanReport plan = run.plan();
        if (!info.valFiles().isEmpty() || plan == null) {
            return null;
        }
        // a plan chosen by the order when the time let none be scored has no estimate of its own
        return plan.chosenCandidate().filter(PlanReport.Candidate::scored)
                .map(c -> new ModelCard.FoldEstimate(c.name(), c.accuracy(), c.spread(), c.foldsScored(), plan.folds()))
                .orElse(null);
    }

    /** The run's test result, when its dataset had a test part. */
    private static ModelCard.Test testResult(RunFolder folder) throws IOException {
        if (!Files.isRegularFile(folder.testMetricsFile())) {
            return null;
        }
        TrainingEvent event = EventJson.read(Files.readString(folder.testMetricsFile()).trim());
        return event instanceof TrainingEvent.TestEvaluated t ? new ModelCard.Test(t.images(), t.accuracy(), t.loss()) : null;
    }

    /** Writes the card as model-card.json and MODEL_CARD.md. */
    static void write(Path out, ModelCard card) throws IOException {
        Json.indented().writeValue(out.resolve("model-card.json").toFile(), card);
        Files.writeString(out.resolve("MODEL_CARD.md"), card.markdown(), StandardCharsets.UTF_8);
    }
}
