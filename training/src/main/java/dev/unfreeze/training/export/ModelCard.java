package dev.unfreeze.training.export;

import dev.unfreeze.training.api.ClassMetrics;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Versions;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an exported model is and how it came to be, written as {@code model-card.json} and
 * {@code MODEL_CARD.md}.
 *
 * @param name the exported model's name
 * @param baseModel the pretrained model it started from
 * @param lineage every ancestor, oldest first, ending with the base model
 * @param fromScratch whether it was trained from random weights (a baseline)
 * @param recipe the recipe that trained it
 * @param datasetFingerprint hash over the dataset's paths, sizes and labels
 * @param trainImages training image count
 * @param valImages validation image count
 * @param classes class names in output order
 * @param preprocessing input size, colour mode, value range and normalisation
 * @param epoch the epoch whose weights were exported (0-based)
 * @param valAccuracy validation accuracy of those weights
 * @param valLoss validation loss of those weights
 * @param perClass per-class metrics of those weights
 * @param test the same weights on the test images the dataset set apart, or null when it had none
 * @param folds for a model trained on every labelled image (no validation images), the automatic plan's
 *     cross-validated estimate of it; null otherwise
 * @param versions Unfreeze, DJL and PyTorch versions
 * @param files what each file in the folder is
 * @param usage how to load it, by language
 */
public record ModelCard(
        String name,
        String baseModel,
        List<String> lineage,
        boolean fromScratch,
        Recipe recipe,
        String datasetFingerprint,
        int trainImages,
        int valImages,
        List<String> classes,
        Map<String, Object> preprocessing,
        int epoch,
        double valAccuracy,
        double valLoss,
        List<ClassMetrics> perClass,
        Test test,
        FoldEstimate folds,
        Versions versions,
        Map<String, String> files,
        Map<String, String> usage) {

    /**
     * Results on the dataset's own test part, never used to choose anything during training.
     *
     * @param images how many test images
     * @param accuracy their accuracy
     * @param loss their mean loss
     */
    public record Test(int images, double accuracy, double loss) {}

    /**
     * What the automatic plan's folds said of a model that then trained on every labelled image.
     *
     * @param plan the chosen plan
     * @param accuracy its mean accuracy on the folds' held-out images
     * @param spread the standard deviation of that mean
     * @param foldsScored how many folds it was scored on
     * @param folds how many folds the search made
     */
    public record FoldEstimate(String plan, double accuracy, double spread, int foldsScored, int folds) {}

    private static String epochs(int n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    /** The preprocessing in words: what a caller does to an image before the model sees it. */
    String input() {
        StringBuilder text = new StringBuilder();
        text.append(preprocessing.get("colour")).append(", resized to ").append(preprocessing.get("size")).append(" x ")
                .append(preprocessing.get("size")).append(" px with ").append(preprocessing.get("resize"))
                .append(", values ").append(preprocessing.get("range"));
        Object mean = preprocessing.get("mean");
        Object std = preprocessing.get("std");
        if (mean != null && std != null) {
            text.append(preprocessing.containsKey("normalisation") ? "; the model subtracts the mean " + mean
                    + " and divides by the standard deviation " + std + " itself"
                    : ", then minus the mean " + mean + " and divided by the standard deviation " + std);
        } else {
            text.append(", no mean or standard deviation");
        }
        return text.toString();
    }

    /** The card as Markdown for people. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(name).append("\n\n");
        md.append("An image classifier adapted from **").append(baseModel).append("** with Unfreeze ")
                .append(versions.unfreeze()).append(fromScratch ? " (trained from scratch as a baseline)" : "").append(".\n\n");
        md.append("- Lineage: ").append(String.join(" → ", lineage)).append("\n");
        md.append("- Classes (").append(classes.size()).append("): ").append(String.join(", ", classes)).append("\n");
        md.append("- Dataset fingerprint: `").append(datasetFingerprint).append("` (").append(trainImages)
                .append(" training, ").append(valImages).append(" validation images)\n");
        md.append("- Schedule: `").append(recipe.schedule().text()).append("`, ").append(epochs(recipe.epochs())).append(", ")
                .append(recipe.optimizer().type()).append(" at ").append(recipe.learningRate().base()).append(" (")
                .append(recipe.learningRate().schedule()).append("), BatchNorm `").append(recipe.batchNorm()).append("`\n");
        md.append("- Input: ").append(input()).append("\n");
        if (valImages > 0) {
            md.append(String.format(Locale.ROOT, "- Validation accuracy %.4f, loss %.4f (the weights after epoch %d)%n",
                    valAccuracy, valLoss, epoch + 1));
        } else if (folds != null) {
            md.append(String.format(Locale.ROOT, "- No validation images: trained on every labelled image for %s;"
                    + " the automatic plan's folds estimated its accuracy at %.4f ± %.4f (`%s`, %d of %d folds; the"
                    + " figures below are its answers on them)%n", epochs(epoch + 1), folds.accuracy(), folds.spread(),
                    folds.plan(), folds.foldsScored(), folds.folds()));
        } else {
            md.append("- No validation images: trained on every labelled image for ").append(epochs(epoch + 1)).append("\n");
        }
        if (test != null) {
            md.append(String.format(Locale.ROOT, "- Test accuracy %.4f, loss %.4f on %d held-out test images"
                    + " (never used to choose the weights)%n", test.accuracy(), test.loss(), test.images()));
        }
        md.append("\n");
        if (perClass.isEmpty()) { // nothing was held out from this model: no per-class figures to give
            md.append("No held-out answers give per-class figures; `unfreeze evaluate` measures them on labelled"
                    + " images.\n");
        } else {
            md.append("| class | precision | recall | F1 | images |\n|---|---|---|---|---|\n");
        }
        for (ClassMetrics m : perClass) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d |%n",
                    m.name(), m.precision(), m.recall(), m.f1(), m.support()));
        }
        md.append("\n## Files\n\n");
        files.forEach((file, what) -> md.append("- `").append(file).append("`: ").append(what).append("\n"));
        usage.forEach((language, code) -> md.append("\n## Load it from ").append(language).append("\n\n```")
                .append(language.split(" ")[0].toLowerCase(Locale.ROOT)).append("\n").append(code).append("\n```\n"));
        md.append("\nVersions: Unfreeze ").append(versions.unfreeze()).append(", DJL ").append(versions.djl())
                .append(", PyTorch ").append(versions.pytorch()).append(".\n");
        return md.toString();
    }
}
