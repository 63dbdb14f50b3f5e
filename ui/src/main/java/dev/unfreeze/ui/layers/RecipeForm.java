package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.Choice;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.RecipeBuilder;
import dev.unfreeze.training.api.RecipeProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Every recipe setting the plan does not decide, grouped: the basic ones open, the advanced ones
 * folded. Each field is checked as the recipe validator checks it, and its sentence shows beside
 * it; Train stays disabled while any stands. Under the form, the recipe as JSON ({@link RecipeJsonPane}).
 */
final class RecipeForm extends VBox {
    private final PlanViewModel plan;
    private final RecipeSettings settings;
    private final List<Runnable> refreshers = new ArrayList<>();
    /** The recipe's sentences as of the last change. */
    private List<RecipeProblem> problems = List.of();

    RecipeForm(PlanViewModel plan) {
        super(8);
        setId("recipe-form");
        this.plan = plan;
        this.settings = plan.settings();

        GridPane basic = grid();
        int row = 0;
        choice(basic, row++, "Optimiser", "optimizer.type", Recipe.Optimizer.Type.values(), r -> r.optimizer().type(),
                (b, v) -> b.optOptimizer(new Recipe.Optimizer(v, b.build().optimizer().momentum(), b.build().optimizer().weightDecay())));
        number(basic, row++, "Batch size", "batchSize", "images per optimiser step", r -> (double) r.batchSize(), true,
                (b, v) -> b.optBatchSize(v.intValue()));
        number(basic, row++, "Image size", "data.imageSize", "pixels; 0 = automatic: the model's own, 160 when a network trains on images under 96 px", r -> (double) r.data().imageSize(),
                true, (b, v) -> b.setData(withImageSize(b.build().data(), v.intValue())));
        number(basic, row++, "Validation share", "data.valFraction", "of the labelled images held out, e.g. 0.2",
                r -> r.data().valFraction(), false, (b, v) -> b.setData(withValFraction(b.build().data(), v)));
        augmentationChoice(basic, row++);
        number(basic, row++, "Early stopping", "earlyStopping", "epochs without improvement; 0 = off",
                r -> r.earlyStopping() == null ? 0.0 : r.earlyStopping().patience(), true,
                (b, v) -> b.optEarlyStopping(v.intValue() <= 0 ? null : new Recipe.EarlyStopping(
                        b.build().earlyStopping() == null ? Recipe.EarlyStopping.Metric.VAL_LOSS : b.build().earlyStopping().metric(),
                        v.intValue())));

        GridPane advanced = grid();
        row = 0;
        number(advanced, row++, "Momentum", "optimizer.momentum", "SGD's momentum, 0 to below 1", r -> r.optimizer().momentum(),
                false, (b, v) -> b.optOptimizer(new Recipe.Optimizer(b.build().optimizer().type(), v, b.build().optimizer().weightDecay())));
        number(advanced, row++, "Weight decay", "optimizer.weightDecay", "L2 strength, 0 or more", r -> r.optimizer().weightDecay(),
                false, (b, v) -> b.optOptimizer(new Recipe.Optimizer(b.build().optimizer().type(), b.build().optimizer().momentum(), v)));
        choice(advanced, row++, "Rate schedule", "learningRate.schedule", Recipe.LearningRate.Schedule.values(),
                r -> r.learningRate().schedule(), (b, v) -> {
                    Recipe.LearningRate lr = b.build().learningRate();
                    return b.optLearningRate(new Recipe.LearningRate(lr.base(), v, lr.discriminative(), lr.multipliers()));
                });
        choice(advanced, row++, "Head", "head.type", RecipeHead.Type.values(), r -> r.head().type(),
                (b, v) -> b.optHead(b.build().head().withType(v)));
        choice(advanced, row++, "Head starts", "head.start", RecipeHead.Start.values(), r -> r.head().start(),
                (b, v) -> b.optHead(b.build().head().withStart(v)));
        number(advanced, row++, "Hidden units", "head.hidden", "for an mlp head", r -> (double) r.head().hidden(), true,
                (b, v) -> b.optHead(b.build().head().withHidden(v.intValue())));
        number(advanced, row++, "Dropout", "head.dropout", "before the head, 0 to below 1", r -> r.head().dropout(), false,
                (b, v) -> b.optHead(b.build().head().withDropout(v)));
        choice(advanced, row++, "BatchNorm", "batchNorm", Recipe.BatchNorm.values(), Recipe::batchNorm, RecipeBuilder::optBatchNorm);
        number(advanced, row++, "Rotation", "augmentation.rotation", "degrees, 0 to 45 (augmentation on)",
                r -> augmentation(r).rotation(), false, (b, v) -> b.optAugmentation(augmentation(b.build()).withRotation(v)));
        number(advanced, row++, "Colour jitter", "augmentation.colorJitter", "0 to 1 (augmentation on)",
                r -> augmentation(r).colorJitter(), false, (b, v) -> b.optAugmentation(augmentation(b.build()).withColorJitter(v)));
        number(advanced, row++, "Shift", "augmentation.translate", "of the side, 0 to 0.5 (augmentation on)",
                r -> augmentation(r).translate(), false, (b, v) -> b.optAugmentation(augmentation(b.build()).withTranslate(v)));
        choice(advanced, row++, "Stop on", "earlyStopping.metric", Recipe.EarlyStopping.Metric.values(),
                r -> r.earlyStopping() == null ? Recipe.EarlyStopping.Metric.VAL_LOSS : r.earlyStopping().metric(),
                (b, v) -> b.optEarlyStopping(b.build().earlyStopping() == null ? null
                        : new Recipe.EarlyStopping(v, b.build().earlyStopping().patience())));
        number(advanced, row++, "Seed", "seed", "the same seed repeats a run", r -> (double) r.seed(), true,
                (b, v) -> b.optSeed(v.longValue()));
        choice(advanced, row++, "Device", "device", Recipe.Device.values(), Recipe::device, RecipeBuilder::optDevice);
        number(advanced, row++, "Threads", "threads", "0 = as many as the computer has", r -> (double) r.threads(), true,
                (b, v) -> b.optThreads(v.intValue()));

        TitledPane advancedPane = new TitledPane("Advanced settings", advanced);
        advancedPane.setId("advanced-settings");
        advancedPane.setExpanded(false);

        RecipeJsonPane jsonPane = new RecipeJsonPane(plan);
        Label title = new Label("Training settings");
        title.getStyleClass().add("section-title");
        getChildren().addAll(title, basic, advancedPane, jsonPane);

        Runnable refresh = () -> {
            problems = plan.recipeProblems(); // validated once per change, read by every field
            refreshers.forEach(Runnable::run);
            jsonPane.refresh(problems);
        };
        for (Observable o : plan.recipeInputs()) {
            o.addListener(x -> refresh.run());
        }
        refresh.run();
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.setPadding(new Insets(4, 0, 4, 0));
        // a narrow window shortens the hints, never the names or the fields
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints field = new ColumnConstraints();
        field.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints hint = new ColumnConstraints();
        hint.setMinWidth(0);
        hint.setHgrow(Priority.SOMETIMES);
        grid.getColumnConstraints().addAll(name, field, hint, new ColumnConstraints());
        return grid;
    }

    /** A numeric field: committed on Enter or on leaving it; its sentence (unreadable text or a broken rule) beside it. */
    private void number(GridPane grid, int row, String label, String path, String hint, Function<Recipe, Double> get,
            boolean whole, BiFunction<RecipeBuilder, Double, RecipeBuilder> set) {
        TextField field = new TextField();
        field.setId("setting-" + path.replace('.', '-'));
        field.setPrefColumnCount(8);
        Label help = new Label(hint);
        help.getStyleClass().add("hint");
        Label sentence = sentenceLabel(path);
        String[] shown = {null};
        Runnable commit = () -> {
            String text = field.getText().trim();
            try {
                double value = whole ? Long.parseLong(text) : Double.parseDouble(text);
                shown[0] = text;
                settings.unreadable().remove(path);
                settings.update(b -> set.apply(b, value));
            } catch (NumberFormatException e) {
                settings.unreadable().put(path, String.format(Locale.ROOT, "'%s' must be %s, not '%s'", path,
                        whole ? "a whole number" : "a number", text));
            }
        };
        field.setOnAction(e -> commit.run());
        field.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                commit.run();
            }
        });
        refreshers.add(() -> {
            // text being typed (focused, not yet committed) and unreadable text stay; otherwise the value shows
            boolean editing = field.isFocused() && !field.getText().equals(shown[0]);
            if (!editing && !settings.unreadable().containsKey(path)) {
                double v = get.apply(settings.recipeProperty().get());
                shown[0] = whole ? String.valueOf((long) v) : trim(v);
                field.setText(shown[0]);
            }
            mark(field, sentence, path);
        });
        grid.addRow(row, new Label(label), field, help, sentence);
    }

    private <E extends Enum<E> & Choice> void choice(GridPane grid, int row, String label, String path, E[] values,
            Function<Recipe, E> get, BiFunction<RecipeBuilder, E, RecipeBuilder> set) {
        ComboBox<E> box = new ComboBox<>(FXCollections.observableArrayList(values));
        box.setId("setting-" + path.replace('.', '-'));
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(E value) {
                return value == null ? "" : value.word();
            }

            @Override
            public E fromString(String s) {
                return null;
            }
        });
        Label sentence = sentenceLabel(path);
        box.valueProperty().addListener((obs, old, v) -> {
            if (v != null && v != get.apply(settings.recipeProperty().get())) {
                settings.update(b -> set.apply(b, v));
            }
        });
        refreshers.add(() -> {
            box.setValue(get.apply(settings.recipeProperty().get()));
            mark(box, sentence, path);
        });
        grid.addRow(row, new Label(label), box, new Label(), sentence);
    }

    private void augmentationChoice(GridPane grid, int row) {
        List<String> words = List.of("automatic", "none", "flips", "standard");
        ComboBox<String> box = new ComboBox<>(FXCollections.observableArrayList(words));
        box.setId("setting-augmentation");
        Label help = new Label("automatic: flips for pictures like the backbone's, standard for others");
        help.getStyleClass().add("hint");
        box.valueProperty().addListener((obs, old, v) -> {
            Recipe.Augmentation now = settings.recipeProperty().get().augmentation();
            Recipe.Augmentation chosen = switch (v == null ? "automatic" : v) {
                case "none" -> Recipe.Augmentation.NONE;
                case "flips" -> Recipe.Augmentation.FLIPS;
                case "standard" -> Recipe.Augmentation.STANDARD;
                default -> null;
            };
            if (v != null && !words.get(index(now)).equals(v)) {
                settings.update(b -> b.optAugmentation(chosen));
            }
        });
        refreshers.add(() -> box.setValue(words.get(index(settings.recipeProperty().get().augmentation()))));
        grid.addRow(row, new Label("Augmentation"), box, help, sentenceLabel("augmentation"));
    }

    /** The choice that shows a recipe's augmentation; any other mix of settings shows as standard, its fields below. */
    private static int index(Recipe.Augmentation a) {
        return a == null ? 0 : !a.any() ? 1 : a.equals(Recipe.Augmentation.FLIPS) ? 2 : 3;
    }

    /** The augmentation a rotation or jitter field changes: the standard one while the run decides it. */
    private static Recipe.Augmentation augmentation(Recipe r) {
        return r.augmentation() == null ? Recipe.Augmentation.STANDARD : r.augmentation();
    }

    private Label sentenceLabel(String path) {
        Label sentence = new Label();
        sentence.setId("problem-" + path.replace('.', '-'));
        sentence.getStyleClass().add("field-problem");
        sentence.setWrapText(true);
        sentence.setMaxWidth(420);
        return sentence;
    }

    /** Shows the field's sentence (unreadable text first, then the validator's) and marks the field. */
    private void mark(Node field, Label sentence, String path) {
        String text = settings.unreadable().get(path);
        if (text == null) {
            text = problems.stream().filter(p -> p.isAbout(path)).map(RecipeProblem::sentence)
                    .findFirst().orElse("");
        }
        sentence.setText(text);
        field.pseudoClassStateChanged(PseudoClass.getPseudoClass("danger"), !text.isEmpty());
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static Recipe.Data withImageSize(Recipe.Data d, int size) {
        return new Recipe.Data(d.train(), d.val(), d.valFraction(), size, d.fingerprint());
    }

    private static Recipe.Data withValFraction(Recipe.Data d, double share) {
        return new Recipe.Data(d.train(), d.val(), share, d.imageSize(), d.fingerprint());
    }
}
