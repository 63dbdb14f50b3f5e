package dev.unfreeze.training.engine;

import ai.djl.training.Trainer;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.training.data.DecodedImages;
import dev.unfreeze.training.runs.EventJson;
import dev.unfreeze.training.runs.ProvisionalModelAside;
import dev.unfreeze.training.runs.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;

/** What a run keeps in its folder as it goes: the last and the best checkpoint, and the best weights' test result. */
final class RunRecords {
    private final RunFolder folder;
    private final CheckpointStore checkpoints;
    private final Consumer<TrainingEvent> events;
    /** The test images, scored with the best weights only. */
    private final DecodedImages test;
    /** How the saved model's scores get the number they are divided by ({@link ConfidenceTemperature}). */
    private final ConfidenceTemperature.Rule temperatureRule;
    /** The test images' answers under the weights whose test result {@link #reportTest} sends. */
    private List<ValidationPrediction> testAnswers = List.of();

    RunRecords(RunFolder folder, CheckpointStore checkpoints, Consumer<TrainingEvent> events, DecodedImages test,
            ConfidenceTemperature.Rule temperatureRule) {
        this.folder = folder;
        this.checkpoints = checkpoints;
        this.events = events;
        this.test = test;
        this.temperatureRule = temperatureRule;
    }

    /** What the saved model's scores are divided by when it does not depend on held-out answers, else 1. */
    float temperature() {
        return temperatureRule instanceof ConfidenceTemperature.Rule.Fixed fixed ? fixed.temperature()
                : ConfidenceTemperature.NONE;
    }

    /** The temperature for weights whose held-out answers these are. */
    float temperatureFor(Evaluation heldOut) {
        return temperatureRule instanceof ConfidenceTemperature.Rule.FittedOnHeldOut fitted
                ? ConfidenceTemperature.fit(heldOut.scores(), heldOut.labels(), fitted.backbone()) : temperature();
    }

    /**
     * Writes the last checkpoint, the one a resumed run continues from, with the optimiser's state, and says so.
     *
     * @param optimizer the optimiser's state ({@link OptimizerState#encode}), empty when none steps
     */
    void saveLast(int epoch, Checkpoint checkpoint, AdaptedModel adapted, byte[] optimizer) throws IOException {
        checkpoints.write(folder.lastCheckpoint(), checkpoint, adapted.network(), optimizer);
        events.accept(new TrainingEvent.CheckpointSaved(epoch, folder.lastCheckpoint().toString(), false));
    }

    /**
     * Writes the best checkpoint, the model the run offers, with this temperature in its head, says the temperature
     * when it was fitted on the held-out answers (at each save, so that a run cancelled later has said the one its
     * model keeps), and scores the test part with exactly those weights (and BatchNorm statistics); the result is
     * reported once, at the end: the test part never takes part in choosing the weights.
     *
     * @param heldOut the held-out images the temperature was fitted on (0 when it was not)
     * @return the test result, or null when the dataset has no test part
     */
    TrainingEvent.TestEvaluated saveBest(int epoch, Checkpoint checkpoint, AdaptedModel adapted, Trainer trainer,
            float temperature, int heldOut) throws IOException {
        try (ConfidenceTemperature.Scope divided = ConfidenceTemperature.divide(adapted.network().head(), temperature)) {
            checkpoints.write(folder.bestCheckpoint(), checkpoint.dividedBy(temperature), adapted.network());
            ProvisionalModelAside.drop(folder); // the run's own model replaces the first one it offered
            events.accept(new TrainingEvent.CheckpointSaved(epoch, folder.bestCheckpoint().toString(), true));
            if (temperatureRule instanceof ConfidenceTemperature.Rule.FittedOnHeldOut) {
                events.accept(new TrainingEvent.TemperatureFitted(temperature, heldOut));
            }
            if (test.size() == 0) {
                return null;
            }
            Evaluation result = Evaluation.run(adapted, test, null, trainer.getManager(), 64);
            testAnswers = result.predictions();
            return new TrainingEvent.TestEvaluated(epoch, test.size(), result.matrix().accuracy(), result.loss(),
                    result.matrix().perClass(), result.matrix().counts());
        }
    }

    /**
     * Says, at the start of a resumed run, the fitted temperature of the model the folder already offers: the first
     * process said it when it saved that checkpoint, and a resumed run that finds no better weights would otherwise
     * leave its listeners (the window's Results step, the command line's closing lines) without it.
     */
    void sayKeptTemperature(int heldOut) {
        if (temperatureRule instanceof ConfidenceTemperature.Rule.FittedOnHeldOut) {
            CheckpointStore.readHeader(folder.bestCheckpoint()).ifPresent(best ->
                    events.accept(new TrainingEvent.TemperatureFitted(best.temperature(), heldOut)));
        }
    }

    /** Keeps the held-out answers of the model the folder offers. */
    void savePredictions(Evaluation eval) throws IOException {
        folder.writePredictions(eval.predictions());
    }

    /**
     * Sends the best weights' test result, and keeps it in the run folder for the model card, with each test image's
     * answer for the Results step.
     */
    void reportTest(TrainingEvent.TestEvaluated result) throws IOException {
        if (result == null) {
            return;
        }
        if (!testAnswers.isEmpty()) {
            // a resumed run that found no better weights keeps the answers its first process wrote
            folder.writeTestPredictions(testAnswers);
        }
        Files.writeString(folder.testMetricsFile(), EventJson.write(result) + "\n");
        events.accept(result);
    }
}
