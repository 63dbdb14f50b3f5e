package dev.unfreeze.app.cli;

import dev.unfreeze.training.catalog.Checksums;
import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.data.FashionMnist;
import dev.unfreeze.training.engine.Pretrainer;
import dev.unfreeze.training.runtime.SmallCnn;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains the bundled small CNN from scratch on Fashion-MNIST. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Train the small CNN from scratch on some Fashion-MNIST classes and save it as a model folder.",
            "This is how the bundled fashion_cnn was made."})
final class PretrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--fashion-mnist", required = true, paramLabel = "DIR",
            description = "Folder with the Fashion-MNIST idx .gz files.")
    Path source;

    @Option(names = "--classes", defaultValue = "0-4", description = "Classes to train on (default: ${DEFAULT-VALUE}).")
    String classes;

    @Option(names = "--epochs", defaultValue = "4")
    int epochs;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--id", defaultValue = "fashion_cnn")
    String id;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model folder to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<Integer> chosen = ClassRange.parse(classes);
        FashionMnist trainSet = FashionMnist.read(source, false);
        FashionMnist testSet = FashionMnist.read(source, true);
        List<byte[]> train = new ArrayList<>();
        List<byte[]> test = new ArrayList<>();
        int[] trainLabels = select(trainSet, chosen, train);
        int[] testLabels = select(testSet, chosen, test);
        console.printf(Locale.ROOT, "pretraining %s on %d images of classes %s%n", id, train.size(), classes);
        console.flush();
        Pretrainer.Result result = Pretrainer.pretrain(train, trainLabels, test, testLabels, chosen.size(),
                FashionMnist.SIZE, epochs, seed, out.resolve("model.safetensors"), line -> {
                    console.println(line);
                    console.flush();
                });
        List<String> names = chosen.stream().map(FashionMnist.CLASSES::get).toList();
        new ModelMetadata(id, "Small CNN (Fashion-MNIST " + classes + ")", SmallCnn.ARCHITECTURE, "model.safetensors",
                FashionMnist.SIZE, 1, null, null, SmallCnn.FEATURES, result.parameters(),
                String.format(Locale.ROOT, "trained from scratch by './unfreeze pretrain --classes %s --epochs %d --seed %d' "
                        + "on the %d Fashion-MNIST training images of %s; accuracy %.4f on their %d test images",
                        classes, epochs, seed, train.size(), String.join(", ", names), result.testAccuracy(), test.size()),
                "MIT (Fashion-MNIST, Copyright 2017 Zalando SE)", List.of(),
                // a DJL block: shapes and ONNX graph are computed
                Checksums.sha256(out.resolve("model.safetensors")), null, null, null, null)
                .write(out.resolve(ModelMetadata.FILE_NAME));
        console.printf(Locale.ROOT, "test accuracy %.4f; wrote %s%n", result.testAccuracy(), out.toAbsolutePath());
        console.flush();
        return 0;
    }

    private static int[] select(FashionMnist set, List<Integer> chosen, List<byte[]> images) {
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < set.labels().length; i++) {
            int index = chosen.indexOf(set.labels()[i]);
            if (index >= 0) {
                images.add(set.pixels()[i]);
                labels.add(index);
            }
        }
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }
}
