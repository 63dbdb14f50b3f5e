package dev.unfreeze.training.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Workspace;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.engine.GroupParameters;
import dev.unfreeze.training.engine.LayerGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
    @TempDir
    Path workspace;

    private ModelCatalog catalog() {
        return new ModelCatalog(new Workspace(workspace));
    }

    @Test
    void listsTheBundledModelsWithTheirFacts() {
        List<ModelInfo> models = catalog().list();
        assertThat(models).extracting(ModelInfo::id).containsExactly("mobilenet_v2", "fashion_cnn");
        ModelInfo mobilenet = models.get(0);
        assertThat(mobilenet.parameters()).isEqualTo(2_223_872);
        assertThat(mobilenet.inputSize()).isEqualTo(224);
        assertThat(mobilenet.license()).contains("MIT");
        assertThat(models.get(1).channels()).isEqualTo(1);
    }

    @Test
    void mobileNetHasNineteenGroupsThatCanBeMerged() {
        try (AdaptedModel model = AdaptedModel.create(catalog().resolve("mobilenet_v2"), List.of("a", "b"),
                RecipeCodec.defaults().head(), false, 0, 1, Device.cpu())) {
            ModelLayout layout = model.layout();
            assertThat(layout.featureDimension()).isEqualTo(1280);
            assertThat(layout.backboneGroups()).extracting(LayerGroup::name)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 19).mapToObj(i -> "features." + i).toList());
            assertThat(layout.backboneGroups().stream().mapToLong(LayerGroup::parameters).sum()).isEqualTo(2_223_872);
            assertThat(layout.groups().get(19)).satisfies(g -> {
                assertThat(g.head()).isTrue();
                assertThat(g.parameters()).isEqualTo(1280 * 2 + 2);
            });

            List<GroupParameters> merged = LayerGroups.merge(model.groups(), 0, 3);
            assertThat(merged).hasSize(16);
            assertThat(merged.get(0).name()).isEqualTo("features.0+features.1+features.2+features.3");
            assertThat(merged.get(0).trainableCount()).isEqualTo(928 + 896 + 5136 + 8832);
            assertThatThrownBy(() -> LayerGroups.merge(model.groups(), 3, 30)).hasMessageContaining("cannot merge");
        }
    }

    @Test
    void aTorchScriptFileWithoutMetadataIsProbed(@TempDir Path dir) throws Exception {
        Path file = copyOfMobileNet(dir.resolve("my net.pt"));
        ResolvedModel model = catalog().resolve(file.toString());
        assertThat(model.metadata().featureDimension()).isEqualTo(1280);
        assertThat(model.metadata().inputSize()).isEqualTo(224);
        assertThat(model.info().parameters()).isEqualTo(2_223_872);

        catalog().importFile(file, "my_net");
        assertThat(catalog().list()).extracting(ModelInfo::id).contains("my_net");
        assertThat(catalog().resolve("my_net").info().source()).isEqualTo("imported");
    }

    @Test
    void aFileUrlIsFetchedOnceAndItsChecksumChecked(@TempDir Path dir) throws Exception {
        Path file = copyOfMobileNet(dir.resolve("remote.pt"));
        String sha = Checksums.sha256(file);
        ResolvedModel model = catalog().resolve(file.toUri() + "#sha256=" + sha);
        assertThat(model.weights()).startsWith(workspace.resolve("cache/downloads"));
        assertThat(model.metadata().featureDimension()).isEqualTo(1280);

        assertThatThrownBy(() -> catalog().resolve(dir.resolve("other.pt").toUri() + "#sha256=" + "0".repeat(64)))
                .isInstanceOf(UnfreezeException.class).hasMessageContaining("no such file");
        Files.copy(file, dir.resolve("tampered.pt"));
        assertThatThrownBy(() -> catalog().resolve(dir.resolve("tampered.pt").toUri() + "#sha256=" + "0".repeat(64)))
                .hasMessageContaining("not the expected").hasMessageContaining("it was not used");
    }

    @Test
    void downloadsFailClearlyWhenOffline() {
        UrlModelFetcher offline = new UrlModelFetcher(workspace, true);
        assertThatThrownBy(() -> offline.fetch("https://models.example.org/net.pt"))
                .isInstanceOf(UnfreezeException.class).hasMessageContaining("offline")
                .hasMessageContaining("pass its path instead");
    }

    @Test
    void modelZooUrlsFailClearlyWhenOffline() {
        assertThatThrownBy(() -> catalog().resolve("djl://ai.djl.pytorch/resnet18_embedding"))
                .isInstanceOf(UnfreezeException.class).hasMessageContaining("DJL's model zoo")
                .hasMessageContaining("works offline");
    }

    private Path copyOfMobileNet(Path target) throws Exception {
        ResolvedModel bundled = catalog().resolve("mobilenet_v2");
        return Files.copy(bundled.weights(), target);
    }
}
