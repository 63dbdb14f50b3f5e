package dev.unfreeze.training.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeCodecTest {

    @Test
    void aHeadEditedOneFieldAtATimeKeepsEveryOtherField() {
        RecipeHead head = new RecipeHead(RecipeHead.Type.LINEAR, 256, 0.2, RecipeHead.Start.PROBE,
                RecipeHead.Features.STAGES);
        RecipeHead edited = head.withType(RecipeHead.Type.MLP).withHidden(64).withDropout(0.5);
        assertThat(edited).isEqualTo(new RecipeHead(RecipeHead.Type.MLP, 64, 0.5, RecipeHead.Start.PROBE,
                RecipeHead.Features.STAGES));
        assertThat(edited.withStart(RecipeHead.Start.NEW).withFeatures(null).features()).isNull();
    }

    @Test
    void everyScheduleIsATypeInsideAndItsTextInTheFile() {
        for (String text : List.of("auto", "auto:3", "auto:2.5", "auto:5m", "feature-extraction", "partial:3", "full", "bitfit",
                "gradual", "two-stage:2")) {
            Recipe r = RecipeCodec.parse("{\"data\": {\"train\": \"/images\"}, \"schedule\": \"" + text + "\"}");
            assertThat(r.schedule().text()).isEqualTo(text);
            assertThat(RecipeCodec.toJson(r)).contains("\"schedule\" : \"" + text + "\"");
            assertThat(RecipeCodec.parse(RecipeCodec.toJson(r)).schedule()).isEqualTo(r.schedule());
        }
        assertThat(Schedule.parse(" Partial:3 ")).isEqualTo(new Schedule.Partial(3));
        assertThat(Schedule.parse("auto:5m").automatic()).isTrue();
        assertThat(Schedule.parse("melt")).isInstanceOf(Schedule.Unreadable.class);
    }

    @Test
    void aScheduleThatNamesNoPlanIsAProblemOfTheScheduleField() {
        InvalidRecipeException melt = catchThrowableOfType(() -> RecipeCodec.parse(
                "{\"data\": {\"train\": \"/images\"}, \"schedule\": \"melt\"}"), InvalidRecipeException.class);
        assertThat(melt.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("schedule");
            assertThat(p.kind()).isEqualTo(RecipeProblem.Kind.INVALID);
            assertThat(p.sentence()).contains("unknown schedule 'melt'").contains("gradual");
        });
        InvalidRecipeException custom = catchThrowableOfType(() -> RecipeCodec.parse(
                "{\"data\": {\"train\": \"/images\"}, \"schedule\": \"custom\"}"), InvalidRecipeException.class);
        assertThat(custom.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("schedule");
            assertThat(p.kind()).isEqualTo(RecipeProblem.Kind.MISSING);
        });
        Recipe drawn = RecipeCodec.parse("{\"data\": {\"train\": \"/images\"}, \"schedule\": \"custom\", "
                + "\"thawEpochs\": [2, 0, -1]}");
        assertThat(drawn.schedule()).isEqualTo(new Schedule.Custom());
    }

    @Test
    void missingFieldsTakeDefaultsAndARecipeSurvivesARoundTrip() {
        Recipe r = RecipeCodec.parse("{\"data\": {\"train\": \"/images\"}, \"epochs\": 3, \"schedule\": \"gradual\"}");
        assertThat(r.epochs()).isEqualTo(3);
        assertThat(r.schedule().text()).isEqualTo("gradual");
        assertThat(r.data().train()).isEqualTo("/images");
        assertThat(r.data().valFraction()).isEqualTo(0.2);
        assertThat(r.model()).isEqualTo("mobilenet_v2");
        assertThat(r.batchNorm()).isEqualTo(Recipe.BatchNorm.AUTO);
        assertThat(r.augmentation()).as("decided when the run knows whether the backbone trains").isNull();
        assertThat(RecipeCodec.parse("{\"data\": {\"train\": \"/images\"}}").schedule()).isEqualTo(
                new Schedule.Automatic(new PlanBudget.Multiple(PlanBudget.DEFAULT_FACTOR)));
        assertThat(RecipeCodec.parse(RecipeCodec.toJson(r))).isEqualTo(r);
    }

    @Test
    void anAugmentationWrittenBeforeShiftsExistedReadsAsNoShiftAndAShiftIsKept() {
        Recipe old = RecipeCodec.parse("{\"data\": {\"train\": \"/x\"}, \"augmentation\": "
                + "{\"flip\": true, \"randomCrop\": false, \"rotation\": 0, \"colorJitter\": 0}}");
        assertThat(old.augmentation()).isEqualTo(Recipe.Augmentation.FLIPS);
        Recipe shifted = old.toBuilder().optAugmentation(new Recipe.Augmentation(true, false, 0, 0, 0.1)).build();
        assertThat(RecipeCodec.parse(RecipeCodec.toJson(shifted)).augmentation().translate()).isEqualTo(0.1);
        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RecipeCodec.parse(
                "{\"data\": {\"train\": \"/x\"}, \"augmentation\": {\"translate\": 0.7}}")).sentences())
                .singleElement().asString().contains("'augmentation.translate' must be between 0 and 0.5");
    }

    @Test
    void everyProblemIsReportedOnceInPlainWords() {
        InvalidRecipeException e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeCodec.parse("""
                {"data": {"train": "/x", "colour": "red"}, "epochs": -1, "optimizer": {"type": "rmsprop"},
                 "learningRate": {"base": -1}, "schedule": "melt", "shuffle": true, "batchNorm": "sometimes"}
                """));
        assertThat(e.sentences()).hasSize(7);
        assertThat(e.sentences()).anyMatch(p -> p.contains("unknown field 'data.colour'"));
        assertThat(e.sentences()).anyMatch(p -> p.contains("unknown field 'shuffle'"));
        assertThat(e.sentences()).anyMatch(p -> p.contains("'epochs' must be 0 (enough optimiser steps for the data) or between 1 and 10000, not -1"));
        assertThat(e.sentences()).anyMatch(p -> p.contains("'optimizer.type' is 'rmsprop'; use one of adam, adamw, sgd"));
        assertThat(e.sentences()).anyMatch(p -> p.contains("'learningRate.base' must be above 0"));
        assertThat(e.sentences()).anyMatch(p -> p.contains("unknown schedule 'melt'"));
        assertThat(e.sentences()).anyMatch(p -> p.contains("'batchNorm' is 'sometimes'"));
        // each problem carries its field and kind, so that a form finds it without reading the sentence
        assertThat(e.problems()).contains(new RecipeProblem("epochs", RecipeProblem.Kind.INVALID,
                "'epochs' must be 0 (enough optimiser steps for the data) or between 1 and 10000, not -1"));
        assertThat(e.problems()).filteredOn(p -> p.isAbout("data.colour")).singleElement()
                .extracting(RecipeProblem::kind).isEqualTo(RecipeProblem.Kind.UNKNOWN_FIELD);
        assertThat(e.problems()).filteredOn(p -> p.isAbout("optimizer.type")).singleElement()
                .extracting(RecipeProblem::kind).isEqualTo(RecipeProblem.Kind.INVALID);
    }

    @Test
    void brokenJsonAndMissingDataAreExplained() {
        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RecipeCodec.parse("{\"epochs\": ")).sentences())
                .singleElement().asString().startsWith("the recipe is not valid JSON");
        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RecipeCodec.parse("{}")).problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("data.train");
                    assertThat(p.kind()).isEqualTo(RecipeProblem.Kind.MISSING);
                    assertThat(p.sentence()).contains("'data.train' is missing");
                });
        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RecipeCodec.parse("{\"version\": 7, "
                + "\"data\": {\"train\": \"x\"}}")).sentences()).singleElement().asString().contains("version 7 is not supported");
    }

    @Test
    void choicesAreEnumsWrittenAsTheirWords() {
        Recipe r = Recipe.builder().setModel("fashion_cnn").setData("/images")
                .optBatchNorm(Recipe.BatchNorm.FROZEN_STATS)
                .optLearningRate(new Recipe.LearningRate(0.1, Recipe.LearningRate.Schedule.ONE_CYCLE,
                        Recipe.LearningRate.Discriminative.ULMFIT, null))
                .build();
        String json = RecipeCodec.toJson(r);
        assertThat(json).contains("\"batchNorm\" : \"frozen-stats\"").contains("\"schedule\" : \"one-cycle\"")
                .contains("\"discriminative\" : \"ulmfit\"").contains("\"type\" : \"sgd\"");
        assertThat(RecipeCodec.parse(json)).isEqualTo(r);
    }

    @Test
    void theBuilderStartsFromTheDefaultsAndCopiesItsLists() {
        java.util.List<Integer> thaw = new java.util.ArrayList<>(java.util.List.of(0, 1, -1));
        Recipe r = Recipe.builder().setModel("m").setData("/d").optThawEpochs(thaw).build();
        thaw.set(0, 99);
        assertThat(r.thawEpochs()).containsExactly(0, 1, -1);
        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThat(Recipe.builder().setModel("mobilenet_v2").setData((String) null).build())
                .isEqualTo(RecipeCodec.defaults());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.thawEpochs().add(3))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
