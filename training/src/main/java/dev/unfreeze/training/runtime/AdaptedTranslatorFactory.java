package dev.unfreeze.training.runtime;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory;
import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.Pipeline;
import ai.djl.translate.Translator;
import java.util.Map;

/**
 * DJL's image classification translator with the antialiased resize Unfreeze trains with, built
 * from an exported model's {@code serving.properties} ({@code width}, {@code height}, {@code flag},
 * {@code synsetFileName}, {@code applySoftmax}, {@code topK}). Resizing here lets images of different sizes be
 * scored in one batch; the network's own input step ({@link ExactInput}) normalises, and resizes what arrives
 * unresized from a plain DJL translator. (Folders written before that step carry {@code normalize}, applied here.)
 */
public final class AdaptedTranslatorFactory extends ImageClassificationTranslatorFactory {
    private static final long serialVersionUID = 1L;

    /** {@inheritDoc} */
    @Override
    protected Translator<Image, Classifications> buildBaseTranslator(Model model, Map<String, ?> arguments) {
        int width = ArgumentsUtil.intValue(arguments, "width", 224);
        int height = ArgumentsUtil.intValue(arguments, "height", width);
        Pipeline pipeline = new Pipeline().add(new AntialiasedResize(width, height)).add(new ToTensor());
        String normalize = ArgumentsUtil.stringValue(arguments, "normalize", "false");
        if (!"false".equals(normalize)) {
            String[] values = normalize.split("\\s*,\\s*");
            int channels = values.length / 2;
            float[] mean = new float[channels];
            float[] std = new float[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = Float.parseFloat(values[c]);
                std[c] = Float.parseFloat(values[channels + c]);
            }
            pipeline.add(new Normalize(mean, std));
        }
        return ImageClassificationTranslator.builder()
                .setPipeline(pipeline)
                .optFlag(Image.Flag.valueOf(ArgumentsUtil.stringValue(arguments, "flag", "COLOR")))
                .optSynsetArtifactName(ArgumentsUtil.stringValue(arguments, "synsetFileName", "synset.txt"))
                .optApplySoftmax(ArgumentsUtil.booleanValue(arguments, "applySoftmax", true))
                .optTopK(ArgumentsUtil.intValue(arguments, "topK", 5))
                .build();
    }
}
