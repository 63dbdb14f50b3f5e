package dev.unfreeze.ui.layers;

import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.training.api.InputSize;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.PlanOrderThresholds;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.DatasetServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A few of the dataset's own images as training will feed them to the model, redrawn whenever the augmentation,
 * the input size, the model or the dataset changes (and on request, with a new draw) while the Layers step is open.
 */
public final class AugmentationPreviewModel {
    /** How many pictures the preview shows: one from each class first. */
    public static final int PICTURES = 6;

    /**
     * One picture: the image it was made from and what training makes of it (null when it could not be read).
     */
    public record Picture(Path source, Path augmented) {}

    private final DatasetServices services;
    private final Feedback feedback;
    private final WorkbenchState state;
    private final RecipeSettings settings;
    private final ObservableList<Picture> pictures = FXCollections.observableArrayList();
    private final BooleanProperty drawing = new SimpleBooleanProperty();
    /** Each backbone group's shift from the backbone's pictures, which decides the automatic augmentation. */
    private final ObservableValue<List<Double>> statisticsShift;
    private long seed = 1;
    /** What the pictures were last drawn for, so that an unrelated recipe change does not redraw them. */
    private List<Object> drawnFor;

    AugmentationPreviewModel(DatasetServices services, Feedback feedback, WorkbenchState state, RecipeSettings settings,
            ObservableValue<List<Double>> statisticsShift) {
        this.services = services;
        this.feedback = feedback;
        this.state = state;
        this.settings = settings;
        this.statisticsShift = statisticsShift;
        statisticsShift.addListener((obs, old, s) -> refresh());
        // drawn in a helper process, so only while the Layers step, where it shows, is open
        state.stepProperty().addListener((obs, old, step) -> refresh());
        state.datasetProperty().addListener((obs, old, d) -> refresh());
        state.modelProperty().addListener((obs, old, m) -> refresh());
        settings.recipeProperty().addListener((obs, old, r) -> refresh());
    }

    /** The pictures of the last draw. */
    public ObservableList<Picture> pictures() {
        return pictures;
    }

    /** True while a draw is being made. */
    public BooleanProperty drawingProperty() {
        return drawing;
    }

    /** A new random draw of the same images. */
    public void drawAgain() {
        seed++;
        drawnFor = null;
        refresh();
    }

    /** Draws the pictures again if what they show has changed. */
    void refresh() {
        DatasetReport dataset = state.datasetProperty().get();
        ModelInfo model = state.modelProperty().get();
        Recipe recipe = settings.recipeProperty().get();
        if (dataset == null || model == null) {
            drawnFor = null;
            pictures.clear();
            return;
        }
        // the automatic augmentation as the run will decide it (the standard one until the shift is measured)
        List<Double> shifts = statisticsShift.getValue();
        Recipe.Augmentation augmentation = recipe.augmentation() != null ? recipe.augmentation()
                : Recipe.Augmentation.forPretrained(shifts == null ? Double.NaN : PlanOrderThresholds.shiftAtInput(shifts));
        // at the size the network will train at: small images train at a smaller size than the model's own
        int imageSize = InputSize.of(recipe, model.inputSize(), dataset.images());
        List<Path> images = sample(dataset);
        List<Object> key = List.of(dataset.fingerprint() == null ? dataset.location() : dataset.fingerprint(), model.id(),
                augmentation, imageSize, seed);
        if (images.isEmpty() || Objects.equals(key, drawnFor) || state.stepProperty().get() != WorkbenchState.Step.LAYERS) {
            return;
        }
        drawnFor = key;
        drawing.set(true);
        long draw = seed;
        feedback.latestWork("augmentation-preview", BackgroundTasks.Lane.RESULTS, "Drawing " + images.size()
                + " training images as the augmentation changes them...",
                () -> services.augmentationPreview(model.id(), imageSize, augmentation, images, draw), made -> {
                    List<Picture> shown = new ArrayList<>();
                    for (int i = 0; i < images.size(); i++) {
                        shown.add(new Picture(images.get(i), i < made.size() ? made.get(i) : null));
                    }
                    pictures.setAll(shown);
                    feedback.statusProperty().set("The pictures show " + describe(augmentation) + ".");
                }).whenComplete((done, failure) -> Platform.runLater(() -> drawing.set(false)));
    }

    /** One image of each class in turn, until {@link #PICTURES}. */
    static List<Path> sample(DatasetReport dataset) {
        List<Path> images = new ArrayList<>();
        Path root = Path.of(dataset.root());
        for (int round = 0; images.size() < PICTURES; round++) {
            boolean any = false;
            for (DatasetReport.ClassEntry c : dataset.classes()) {
                if (round < c.samples().size() && images.size() < PICTURES) {
                    images.add(root.resolve(c.samples().get(round)));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return images;
    }

    static String describe(Recipe.Augmentation a) {
        if (!a.any()) {
            return "the images as the model gets them, resized, without augmentation";
        }
        List<String> parts = new ArrayList<>();
        if (a.randomCrop()) {
            parts.add("a random crop");
        }
        if (a.translate() > 0) {
            parts.add(String.format(Locale.ROOT, "a shift up to %.0f%% of the side", 100 * a.translate()));
        }
        if (a.flip()) {
            parts.add("a flip half the time");
        }
        if (a.rotation() > 0) {
            parts.add(String.format(Locale.ROOT, "a rotation up to %.0f°", a.rotation()));
        }
        if (a.colorJitter() > 0) {
            parts.add(String.format(Locale.ROOT, "colour jitter of %.2f", a.colorJitter()));
        }
        return "one random draw of " + String.join(", ", parts);
    }
}
