package dev.unfreeze.ui.results;

import dev.unfreeze.ui.WorkbenchViewModel;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The Results step alone on a stage, for the tests that look at it. */
final class ResultsStage {
    private ResultsStage() {}

    /** Shows the step of this model on the stage, and returns its scene. */
    static Scene show(Stage stage, WorkbenchViewModel model) {
        Scene scene = new Scene(new ResultsView(model.results(), model.training().monitor()), 800, 600);
        stage.setScene(scene);
        stage.show();
        return scene;
    }
}
