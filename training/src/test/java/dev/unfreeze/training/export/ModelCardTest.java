package dev.unfreeze.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.RecipeCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model card says what a model's figures rest on: its validation images, or the plan's folds. */
class ModelCardTest {
    private static final List<ClassMetrics> PER_CLASS = List.of(new ClassMetrics("Bag", 1, 0.5, 2 / 3.0, 2),
            new ClassMetrics("Shirt", 2 / 3.0, 1, 0.8, 2));

    @Test
    void aModelWithValidationImagesReportsItsBestEpoch() {
        String md = card(20, null).markdown();
        assertThat(md).contains("- Validation accuracy 0.9000, loss 0.2500 (the weights after epoch 12)")
                .doesNotContain("No validation images");
    }

    @Test
    void aModelTrainedOnEveryImageReportsThePlansFoldsInsteadOfNotANumber() {
        String md = card(0, new ModelCard.FoldEstimate("full", 0.94, 0.024, 1, 5)).markdown();
        assertThat(md).contains("- No validation images: trained on every labelled image for 12 epochs; the automatic"
                + " plan's folds estimated its accuracy at 0.9400 ± 0.0240 (`full`, 1 of 5 folds;")
                .contains("| Bag | 1.000 | 0.500 | 0.667 | 2 |")
                .doesNotContain("NaN");
        assertThat(card(0, null).markdown()).contains("- No validation images: trained on every labelled image for 12 epochs\n")
                .doesNotContain("NaN");
    }

    @Test
    void aModelWithNoHeldOutAnswersSaysWhereItsPerClassFiguresCanBeHadInsteadOfAnEmptyTable() {
        String md = card(0, null, List.of()).markdown();
        assertThat(md).contains("No held-out answers give per-class figures; `unfreeze evaluate` measures them")
                .doesNotContain("| class | precision");
        assertThat(card(0, null).markdown()).contains("| class | precision").doesNotContain("No held-out answers");
    }

    private static ModelCard card(int valImages, ModelCard.FoldEstimate folds) {
        return card(valImages, folds, PER_CLASS);
    }

    private static ModelCard card(int valImages, ModelCard.FoldEstimate folds, List<ClassMetrics> perClass) {
        boolean validated = valImages > 0;
        return new ModelCard("bags", "mobilenet_v2", List.of("mobilenet_v2"), false, RecipeCodec.defaults(), "sha256:0",
                100, valImages, List.of("Bag", "Shirt"), Map.of("size", 224), 11, validated ? 0.9 : Double.NaN,
                validated ? 0.25 : Double.NaN, perClass, null, folds, dev.unfreeze.training.api.Versions.current(),
                Map.of(), Map.of());
    }
}
