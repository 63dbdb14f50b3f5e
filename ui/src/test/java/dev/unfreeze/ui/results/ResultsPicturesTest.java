package dev.unfreeze.ui.results;

import dev.unfreeze.ui.FakeServices;
import dev.unfreeze.ui.WorkbenchViewModel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.ValidationPrediction;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Results step shows pictures the way the Data step does: through the thumbnail decoder, so
 * WebP (which JavaFX cannot read), CMYK and EXIF-rotated files appear, and appear upright.
 */
@ExtendWith(ApplicationExtension.class)
class ResultsPicturesTest {
    private WorkbenchViewModel model;
    private Scene scene;

    @Start
    void start(Stage stage) {
        model = FakeServices.viewModel();
        scene = ResultsStage.show(stage, model);
    }

    @Test
    void aWebpValidationImageAndATriedImageAreShown(FxRobot robot) throws Exception {
        Path webp = Path.of("photos", "fishes", "fish1.webp");
        robot.interact(() -> {
            model.results().gallery().setAll(List.of(new ValidationPrediction(webp.toString(), "fishes", "tools", 0.9)));
            model.results().tryImageProperty().set(webp);
        });
        // one picture in the most-confidently-wrong gallery, one in the try-an-image preview
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown().size() == 2);
        assertThat(shown()).extracting(view -> view.getImage().getWidth()).containsOnly(28.0); // the PNG thumbnail's size
    }

    private List<ImageView> shown() {
        return scene.getRoot().lookupAll(".image-view").stream().map(ImageView.class::cast)
                .filter(v -> v.getImage() != null && v.getImage().getProgress() >= 1 && !v.getImage().isError()
                        && v.getImage().getWidth() > 0)
                .toList();
    }
}
