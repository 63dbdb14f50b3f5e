package dev.unfreeze.ui.results;

import dev.unfreeze.training.api.Calibration;
import dev.unfreeze.training.api.Explanation;
import dev.unfreeze.training.api.Prediction;
import dev.unfreeze.training.api.RunServices;
import dev.unfreeze.training.api.ValidationPrediction;
import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.ui.shared.Thumbnails;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Results step: the best epoch's per-image validation results (the confusion matrix's images,
 * the most confidently wrong) and "try an image" with the run's best model, in a helper process.
 */
public final class ResultsViewModel {
    private final RunServices services;
    private final Thumbnails thumbnails;
    private final Feedback feedback;
    private final ReadOnlyObjectProperty<Path> runDirectory;
    private final ValidationGallery gallery = new ValidationGallery();
    private final SimpleObjectProperty<Calibration> testCalibration = new SimpleObjectProperty<>();
    private final ObservableList<Prediction> tryResult = FXCollections.observableArrayList();
    private final ObjectProperty<Path> tryImage = new SimpleObjectProperty<>();
    private final ObjectProperty<Explanation> tryExplanation = new SimpleObjectProperty<>();

    public ResultsViewModel(RunServices services, Feedback feedback, ReadOnlyObjectProperty<Path> runDirectory,
            Thumbnails thumbnails) {
        this.services = services;
        this.thumbnails = thumbnails;
        this.feedback = feedback;
        this.runDirectory = runDirectory;
    }

    /**
     * A run's per-image answers.
     *
     * @param validation the best epoch's on its validation images (for a run that trained on every image, the
     *     automatic plan's answers on its folds' held-out images)
     * @param test the final weights' on the dataset's test part (empty when it has none)
     */
    public record RunAnswers(List<ValidationPrediction> validation, List<ValidationPrediction> test) {}

    /**
     * Reads the current run's per-image answers, for the caller to choose which the gallery shows
     * ({@link #showAnswers}): none when there is no run, the reading failed or a newer run's superseded it.
     */
    public CompletableFuture<Optional<RunAnswers>> loadPredictions() {
        Path dir = runDirectory.get();
        if (dir == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        // a newer run's results supersede an older one's still being read
        return feedback.tasks().submitLatest("validation-results", BackgroundTasks.Lane.RESULTS, "Reading the run's per-image results",
                () -> new RunAnswers(services.validationPredictions(dir), services.testPredictions(dir)))
                .handle((answers, failure) -> {
                    if (failure != null && !(failure instanceof BackgroundTasks.Superseded)) {
                        gallery.setAll(List.of());
                        testCalibration.set(null);
                    }
                    return Optional.ofNullable(failure == null ? answers : null);
                });
    }

    /**
     * Shows these answers in the gallery, and keeps how far the percentages held on the dataset's test images.
     *
     * @param test the final weights' answers on the dataset's test part (empty when it has none)
     */
    public void showAnswers(List<ValidationPrediction> answers, List<ValidationPrediction> test) {
        gallery.setAll(answers);
        testCalibration.set(ValidationPrediction.calibration(test));
    }

    /**
     * How far the percentages held on the dataset's test images, which took part in neither training nor choosing
     * anything: the check of them when the answers shown fitted the model's temperature; null without any.
     */
    public ReadOnlyObjectProperty<Calibration> testCalibration() {
        return testCalibration;
    }

    /** Classifies a dropped picture with the last run's best model (in a helper process). */
    public CompletableFuture<Void> tryImage(Path image) {
        Path dir = runDirectory.get();
        if (dir == null) {
            feedback.fail("Train a model first: there is nothing to try the image on yet.", "");
            return CompletableFuture.completedFuture(null);
        }
        tryImage.set(image);
        tryResult.clear();
        tryExplanation.set(null);
        // another picture dropped meanwhile supersedes this one
        return feedback.latestWork("try-image", BackgroundTasks.Lane.RESULTS, "Classifying " + image.getFileName() + "...",
                () -> services.predict(dir, image), top -> {
            tryResult.setAll(top);
            feedback.statusProperty().set(top.isEmpty() ? "No classes for " + image.getFileName() + "."
                    : image.getFileName() + " looks like " + top.get(0).className() + ".");
            if (!top.isEmpty()) {
                explain(dir, image, null);
            }
        });
    }

    /**
     * Where the last run's model looks in any picture for a class (null: the predicted one); a newer request
     * supersedes an older one still waiting.
     */
    public CompletableFuture<Explanation> explain(Path image, String className) {
        Path dir = runDirectory.get();
        if (dir == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no run"));
        }
        CompletableFuture<Explanation> result = new CompletableFuture<>();
        feedback.latestWork("gallery-explain", BackgroundTasks.Lane.RESULTS, "Finding where the model looks in "
                + image.getFileName() + "...", () -> services.explain(dir, image, className), result::complete)
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else if (!result.isDone()) {
                        result.cancel(false);
                    }
                });
        return result;
    }

    /** Where the model looks on the tried image, for a class (null: the predicted one). */
    public void explainTried(String className) {
        Path dir = runDirectory.get();
        Path image = tryImage.get();
        if (dir != null && image != null) {
            explain(dir, image, className);
        }
    }

    private void explain(Path dir, Path image, String className) {
        feedback.latestWork("try-explain", BackgroundTasks.Lane.RESULTS, "Finding where the model looks in "
                + image.getFileName() + "...", () -> services.explain(dir, image, className), explanation -> {
            if (image.equals(tryImage.get())) {
                tryExplanation.set(explanation);
                feedback.statusProperty().set(className == null
                        ? image.getFileName() + " looks like " + explanation.className() + "; the heat map shows where."
                        : "The heat map shows where the model sees " + className + " in " + image.getFileName() + ".");
            }
        });
    }

    /** Where the model looked on the last tried image; null until found. */
    public ObjectProperty<Explanation> tryExplanationProperty() {
        return tryExplanation;
    }

    /** The last run's per-image validation results. */
    public ValidationGallery gallery() {
        return gallery;
    }

    /** Every answer the gallery shows, as last loaded. */
    public List<ValidationPrediction> predictions() {
        return gallery.all();
    }

    /** The top classes of the last tried image, best first. */
    public ObservableList<Prediction> tryResult() {
        return tryResult;
    }

    /** The last tried image. */
    public ObjectProperty<Path> tryImageProperty() {
        return tryImage;
    }

    /** Where the pictures of the validation images come from. */
    public Thumbnails thumbnails() {
        return thumbnails;
    }
}
