package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.data.AugmentationPreview;
import dev.unfreeze.training.data.Preprocessing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code data augment}: pictures of images as the training pipeline feeds them to a model. */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Write augmented copies of images, as training feeds them to the model: decoded and resized for "
                + "its input, then cropped, flipped, rotated and recoloured as the settings say.",
            "Each IMAGE gives NAME-1.png ... NAME-N.png in DIR; without augmentation options, the standard augmentation."})
final class AugmentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "mobilenet_v2", description = "The model whose input is shown (default: "
            + "${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--image-size", defaultValue = "0", paramLabel = "N", description = "Input size; 0 is the model's own.")
    int imageSize;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--copies", defaultValue = "4", paramLabel = "N", description = "Copies of each image (default: "
            + "${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--seed", defaultValue = "42", description = "The first draw; the same seed gives the same pictures.")
    long seed;

    @Option(names = "--flip", negatable = true, description = "Random horizontal flips.")
    Boolean flip;

    @Option(names = "--random-crop", negatable = true, description = "Random resized crops (60 to 100%% of the area).")
    Boolean randomCrop;

    @Option(names = "--rotation", paramLabel = "DEGREES", description = "Random rotation up to this many degrees.")
    Double rotation;

    @Option(names = "--color-jitter", paramLabel = "X", description = "Random brightness, contrast and saturation, 0 to 1.")
    Double colorJitter;

    @Option(names = "--translate", paramLabel = "X", description = "A random shift up to this fraction of the side, 0 to 0.5.")
    Double translate;

    @Mixin
    JsonOption output;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<Path> images;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Recipe.Augmentation standard = Recipe.Augmentation.STANDARD;
        Recipe.Augmentation settings = new Recipe.Augmentation(flip == null ? standard.flip() : flip,
                randomCrop == null ? standard.randomCrop() : randomCrop, rotation == null ? standard.rotation() : rotation,
                colorJitter == null ? standard.colorJitter() : colorJitter, translate == null ? standard.translate() : translate);
        ModelMetadata meta = new ModelCatalog(Output.workspace()).resolve(model).metadata();
        AugmentationPreview preview = new AugmentationPreview(Preprocessing.of(imageSize, meta.inputSize(), meta.channels(),
                meta.mean(), meta.std()), settings);
        Files.createDirectories(this.out);
        List<Map<String, Object>> results = new ArrayList<>();
        int unreadable = 0;
        for (int i = 0; i < images.size(); i++) {
            Path image = images.get(i);
            String name = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("image", image.toString());
            try {
                List<String> written = new ArrayList<>();
                for (int c = 0; c < copies; c++) {
                    // a different draw for every image and copy, the same again for the same seed
                    Path file = this.out.resolve(String.format("%03d-%s-%d.png", i + 1, name, c + 1));
                    ImageIO.write(preview.picture(image, seed + 1_000L * i + c), "png", file.toFile());
                    written.add(file.toString());
                }
                result.put("pictures", written);
                if (!output.json) {
                    out.println(image + ": " + String.join(", ", written));
                }
            } catch (IOException e) {
                unreadable++;
                result.put("error", e.getMessage());
                err.println("unfreeze: " + image + ": " + e.getMessage());
            }
            results.add(result);
        }
        if (output.json) {
            Output.json(out, results);
        }
        out.flush();
        err.flush();
        return unreadable > 0 ? 1 : 0;
    }
}
