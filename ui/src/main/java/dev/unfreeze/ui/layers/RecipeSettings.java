package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeBuilder;
import dev.unfreeze.training.api.RecipeCodec;
import java.util.function.UnaryOperator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * The recipe's settings that the layer map does not decide (the learning rate, optimiser, batch size, image size,
 * validation share, head, BatchNorm policy, augmentation, early stopping, seed, device, threads),
 * as the form and the range test edit them: a whole recipe that starts as the shared defaults, so that the window,
 * the command line and recipe files agree on every value nobody changed. Text that is not a
 * number is kept aside, with its sentence, until it is corrected.
 */
public final class RecipeSettings {
    private final ObjectProperty<Recipe> recipe = new SimpleObjectProperty<>(RecipeCodec.defaults());
    private final ObservableMap<String, String> unreadable = FXCollections.observableHashMap();

    /** The settings, as a recipe (its model, data and plan are filled in by the window). */
    public ObjectProperty<Recipe> recipeProperty() {
        return recipe;
    }

    /** Changes the settings through the recipe's builder. */
    public void update(UnaryOperator<RecipeBuilder> change) {
        recipe.set(change.apply(recipe.get().toBuilder()).build());
    }

    /** The base learning rate (the head's; the backbone groups' follow from it). */
    public double learningRate() {
        return recipe.get().learningRate().base();
    }

    /** Sets the base learning rate, keeping the rest of the rate settings. */
    public void setLearningRate(double base) {
        Recipe.LearningRate rate = recipe.get().learningRate();
        update(b -> b.optLearningRate(new Recipe.LearningRate(base, rate.schedule(), rate.discriminative(),
                rate.multipliers())));
    }

    /** Field path (as the validator names it, e.g. {@code batchSize}) to the sentence about text that is not a number. */
    public ObservableMap<String, String> unreadable() {
        return unreadable;
    }

    /** Back to the shared defaults. */
    public void reset() {
        unreadable.clear();
        recipe.set(RecipeCodec.defaults());
    }
}
