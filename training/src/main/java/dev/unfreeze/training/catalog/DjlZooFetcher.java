package dev.unfreeze.training.catalog;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fetches a TorchScript model from DJL's model zoo ({@code djl://group/artifact}) into DJL's cache
 * and returns its {@code .pt} file. DJL downloads only when Unfreeze is not set to work offline.
 */
public final class DjlZooFetcher {
    private DjlZooFetcher() {}

    /** The local TorchScript file of a zoo model. */
    public static Path fetch(String url) {
        try (ZooModel<NDList, NDList> model = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelUrls(url)
                .optEngine("PyTorch")
                .build()
                .loadModel()) {
            Path dir = model.getModelPath();
            try (Stream<Path> files = Files.walk(dir)) {
                Optional<Path> script = files.filter(p -> p.toString().endsWith(".pt")).sorted().findFirst();
                return script.orElseThrow(() -> new UnfreezeException(
                        "the zoo model " + url + " has no TorchScript (.pt) file in " + dir));
            }
        } catch (UnfreezeException e) {
            throw e;
        } catch (IOException | RuntimeException | ai.djl.ModelException e) {
            boolean offline = Boolean.parseBoolean(System.getProperty("ai.djl.offline", "false"));
            throw new UnfreezeException("cannot fetch " + url + " from DJL's model zoo"
                    + (offline ? " because Unfreeze works offline (ai.djl.offline=true); run it once with "
                            + "-Dai.djl.offline=false while online, or download the .pt file and pass its path"
                            : ": " + e.getMessage()), e);
        }
    }
}
