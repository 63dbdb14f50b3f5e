package dev.unfreeze.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.TestData;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.runs.RunFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recipe that names no augmentation gets the one its images call for, recorded in the run's recipe. */
class PretrainedAugmentationTest {
    @TempDir
    Path workspace;
    @TempDir
    Path runs;

    @Test
    void picturesLikeTheBackbonesOwnTrainOnMirrorImagesOnly() throws Exception {
        // the small CNN's own kind of picture: a statistics shift of 0.00 at its input
        List<TrainingEvent> events = new ArrayList<>();
        Recipe recipe = prepare(unnamed("full"), "cnn", events);
        assertThat(recipe.augmentation()).isEqualTo(Recipe.Augmentation.FLIPS);
        assertThat(notices(events)).singleElement().asString().startsWith("Augmentation: mirror images only");
        assertThat(RecipeCodec.read(runs.resolve("cnn").resolve("recipe.json")).augmentation())
                .as("recorded, so that the run repeats").isEqualTo(Recipe.Augmentation.FLIPS);
    }

    @Test
    void imagesUnlikeTheBackbonesGetTheStandardAugmentation() throws Exception {
        // greyscale clothing under ImageNet's MobileNetV2: a shift of about 0.16 at its input
        List<TrainingEvent> events = new ArrayList<>();
        Recipe recipe = prepare(unnamed("bitfit").withModel("mobilenet_v2"), "mobilenet", events);
        assertThat(recipe.augmentation()).isEqualTo(Recipe.Augmentation.STANDARD);
        assertThat(notices(events)).anySatisfy(n -> assertThat(n).startsWith("Augmentation: flips, resized crops"));
    }

    @Test
    void aNamedAugmentationAFrozenBackboneAndTrainingFromScratchMeasureNothing() throws Exception {
        List<TrainingEvent> events = new ArrayList<>();
        Recipe none = TestData.smallCnnRecipe("full", 1);
        none = none.withPlan(none.schedule(), null, none.learningRate(), 1, none.batchNorm(), Recipe.Augmentation.NONE);
        assertThat(prepare(none, "named", events).augmentation()).isEqualTo(Recipe.Augmentation.NONE);
        assertThat(prepare(unnamed("full").withFromScratch(true), "scratch", events).augmentation())
                .isEqualTo(Recipe.Augmentation.STANDARD);
        assertThat(prepare(unnamed("feature-extraction"), "frozen", events).augmentation())
                .isEqualTo(Recipe.Augmentation.NONE);
        assertThat(notices(events)).noneMatch(n -> n.startsWith("Augmentation"));
    }

    /** The tests' small recipe with no augmentation named. */
    private static Recipe unnamed(String schedule) {
        Recipe r = TestData.smallCnnRecipe(schedule, 1);
        return r.withPlan(r.schedule(), null, r.learningRate(), r.epochs(), r.batchNorm(), null);
    }

    private Recipe prepare(Recipe recipe, String name, List<TrainingEvent> events) throws Exception {
        RunFolder folder = new RunFolder(runs.resolve(name));
        folder.create(recipe);
        try (PreparedRun prepared = PreparedRun.fresh(recipe, folder, new ModelCatalog(new Workspace(workspace)),
                events::add)) {
            return prepared.recipe();
        }
    }

    private static List<String> notices(List<TrainingEvent> events) {
        return events.stream().filter(TrainingEvent.Notice.class::isInstance)
                .map(e -> ((TrainingEvent.Notice) e).message()).toList();
    }
}
