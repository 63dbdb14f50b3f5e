package dev.unfreeze.app.gui;

import dev.unfreeze.ui.WorkbenchViewModel;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;

/** Asks what happens to a run in progress when the window closes. */
final class CloseDialog {
    private CloseDialog() {}

    /**
     * Stops the run, or lets it finish on its own (the next start lists it as running and can
     * follow it), or keeps the window open.
     *
     * @return whether the window may close
     */
    static boolean confirm(Stage owner, WorkbenchViewModel model) {
        ButtonType stop = new ButtonType("Stop the run", ButtonBar.ButtonData.OK_DONE);
        ButtonType leave = new ButtonType("Let it finish", ButtonBar.ButtonData.OTHER);
        ButtonType stay = new ButtonType("Keep working", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                "A training run is in progress. Its last finished epoch is checkpointed either way.", stop, leave, stay);
        alert.initOwner(owner);
        alert.setHeaderText("Close Unfreeze?");
        ButtonType answer = alert.showAndWait().orElse(stay);
        if (answer == stop) {
            model.training().cancel();
            return true;
        }
        if (answer == leave) {
            return model.training().leaveRunning();
        }
        return false;
    }
}
