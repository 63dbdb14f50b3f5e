package dev.unfreeze.app.cli;

import dev.unfreeze.training.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a small class-folder sample of Fashion-MNIST as PNG files. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Write the first N Fashion-MNIST images of each chosen class as PNGs in class folders.")
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--fashion-mnist", required = true, paramLabel = "DIR")
    Path source;

    @Option(names = "--classes", defaultValue = "5-9")
    String classes;

    @Option(names = "--per-class", defaultValue = "20")
    int perClass;

    @Option(names = "--test-set", description = "Take the images from the test set instead of the training set.")
    boolean testSet;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<Integer> chosen = ClassRange.parse(classes);
        FashionMnist set = FashionMnist.read(source, testSet);
        int[] written = new int[10];
        for (int i = 0; i < set.labels().length; i++) {
            int label = set.labels()[i];
            if (chosen.contains(label) && written[label] < perClass) {
                set.writePng(i, out.resolve(FashionMnist.CLASSES.get(label))
                        .resolve(String.format(Locale.ROOT, "%s-%05d.png", testSet ? "test" : "train", i)));
                written[label]++;
            }
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d images per class to %s%n", perClass, out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
