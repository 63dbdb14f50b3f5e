package dev.unfreeze.ui.results;

import dev.unfreeze.training.api.Calibration;
import dev.unfreeze.training.api.ValidationPrediction;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The best epoch's verdict on every validation image, as the Results step browses it: the images
 * of one confusion-matrix cell, and the wrong answers the model was surest of.
 */
public final class ValidationGallery {
    private static final int MOST_WRONG = 8;

    private final ObservableList<ValidationPrediction> all = FXCollections.observableArrayList();
    private final ObservableList<ValidationPrediction> mostConfidentlyWrong = FXCollections.observableArrayList();
    private final ObservableList<ValidationPrediction> selectedCell = FXCollections.observableArrayList();
    private final SimpleObjectProperty<Calibration> calibration = new SimpleObjectProperty<>();

    /** Replaces the predictions (on the UI thread). */
    public void setAll(List<ValidationPrediction> predictions) {
        all.setAll(predictions);
        mostConfidentlyWrong.setAll(predictions.stream().filter(ValidationPrediction::wrong)
                .sorted(Comparator.comparingDouble(ValidationPrediction::confidence).reversed())
                .limit(MOST_WRONG).toList());
        selectedCell.clear();
        calibration.set(ValidationPrediction.calibration(predictions));
    }

    /** How far the percentages of these answers can be trusted (null without answers). */
    public ReadOnlyObjectProperty<Calibration> calibration() {
        return calibration;
    }

    /** Shows the images whose class is {@code actual} and that the model called {@code predicted}. */
    public void selectCell(String actual, String predicted) {
        selectedCell.setAll(all.stream().filter(p -> p.actual().equals(actual) && p.predicted().equals(predicted)).toList());
    }

    /** Every prediction shown. */
    public List<ValidationPrediction> all() {
        return Collections.unmodifiableList(all);
    }

    /** The wrong predictions the model was surest of, most confident first. */
    public ObservableList<ValidationPrediction> mostConfidentlyWrong() {
        return mostConfidentlyWrong;
    }

    /** The images of the cell last chosen. */
    public ObservableList<ValidationPrediction> selectedCell() {
        return selectedCell;
    }
}
