package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.RecipeProblem;
import java.io.File;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The recipe the window will train, as the JSON that {@code ./unfreeze train --recipe FILE} runs unchanged, with its
 * problems above it, and Save, Open and Defaults.
 */
final class RecipeJsonPane extends TitledPane {
    private final PlanViewModel plan;
    private final TextArea json = new TextArea();
    private final Label problemsLabel = new Label();

    RecipeJsonPane(PlanViewModel plan) {
        super("The recipe Train will run (JSON)", null);
        this.plan = plan;
        setId("recipe-json-pane");
        setExpanded(false);
        json.setId("recipe-json");
        json.setEditable(false);
        json.setPrefRowCount(14);
        json.setStyle("-fx-font-family: monospace;");
        problemsLabel.setId("recipe-problems");
        problemsLabel.setWrapText(true);
        problemsLabel.getStyleClass().add("field-problem");
        Button save = new Button("Save recipe...");
        save.setId("save-recipe");
        save.setOnAction(e -> chooseAndSave());
        save.disableProperty().bind(plan.recipeValidProperty().not());
        Button open = new Button("Open recipe...");
        open.setId("open-recipe");
        open.setOnAction(e -> chooseAndOpen());
        Button reset = new Button("Defaults");
        reset.setOnAction(e -> plan.settings().reset());
        Label runs = new Label("./unfreeze train --recipe FILE runs a saved recipe unchanged.");
        runs.getStyleClass().add("hint");
        setContent(new VBox(6, problemsLabel, json, new HBox(8, save, open, reset, runs)));
    }

    /** Shows the recipe as it is now, and its problems. */
    void refresh(List<RecipeProblem> problems) {
        json.setText(plan.recipeJson());
        problemsLabel.setText(String.join("\n", problems.stream().map(RecipeProblem::sentence).toList()));
    }

    private void chooseAndSave() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the recipe");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Recipe (JSON)", "*.json"));
        chooser.setInitialFileName("recipe.json");
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            plan.saveRecipe(file.toPath());
        }
    }

    private void chooseAndOpen() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a recipe");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Recipe (JSON)", "*.json"));
        File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            plan.openRecipe(file.toPath());
        }
    }
}
