package dev.unfreeze.ui.data;

import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.ui.FakeServices;
import dev.unfreeze.ui.WorkbenchViewModel;
import dev.unfreeze.ui.data.DataView;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.DatasetReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Dropping a dataset folder onto the Data step opens it: by a robot drag, and by the drop handler. */
@ExtendWith(ApplicationExtension.class)
class DropZoneTest {
    private WorkbenchViewModel model;
    private DataView view;
    private Label folderIcon;

    @Start
    void start(Stage stage) {
        model = FakeServices.viewModel();
        view = new DataView(model.data(), model::openModelFile);
        // Stands in for a folder dragged from the desktop: a node whose drag carries the sample folder.
        folderIcon = new Label("fashion-mnist-5-9");
        folderIcon.setId("folder");
        folderIcon.setOnDragDetected(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putFiles(List.of(FakeServices.sample().toFile()));
            folderIcon.startDragAndDrop(TransferMode.COPY).setContent(content);
            e.consume();
        });
        stage.setScene(new Scene(new VBox(folderIcon, view), 900, 700));
        stage.show();
    }

    @Test
    void aRobotDragOfAFolderOntoTheDropZoneOpensIt(FxRobot robot) throws Exception {
        robot.drag("#folder").dropTo(".drop-zone");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.state().datasetProperty().get() != null);
        DatasetReport d = model.state().datasetProperty().get();
        assertThat(d.classes()).extracting(DatasetReport.ClassEntry::name).containsExactly("Ankle boot", "Bag", "Sandal", "Shirt", "Sneaker");
    }

    @Test
    void filesDroppedTogetherAreOneDatasetLabelledByTheirFolders(FxRobot robot) throws Exception {
        Path sample = FakeServices.sample();
        robot.interact(() -> view.dropped(List.of(sample.resolve("Bag").resolve("train-00100.png").toFile(),
                sample.resolve("Sandal").toFile())));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.state().datasetProperty().get() != null);
        DatasetReport d = model.state().datasetProperty().get();
        assertThat(d.kind()).isEqualTo("loose files");
        assertThat(d.classes()).extracting(DatasetReport.ClassEntry::name).containsExactly("Bag", "Sandal");
        assertThat(d.totalImages()).isEqualTo(21);
        assertThat(model.plan().recipe(false).data().train()).isEqualTo(d.location());
    }

    @Test
    void aTorchScriptFileDroppedOnTheDataStepIsImportedAsAModel(FxRobot robot) throws Exception {
        robot.interact(() -> view.dropped(List.of(Path.of("my_net.pt").toFile())));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.state().modelProperty().get() != null);
        assertThat(model.state().modelProperty().get().id()).isEqualTo("my_net");
        assertThat(model.stepProperty().get()).isEqualTo(WorkbenchState.Step.MODEL);
        assertThat(model.state().datasetProperty().get()).isNull();
    }
}
