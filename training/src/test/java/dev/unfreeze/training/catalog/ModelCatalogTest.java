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
                assertThat(g.outputShape()).containsExactly(2L);
            });
            // shapes from the metadata, as the groups run at 224 px
            assertThat(layout.groups().get(0).outputShape()).containsExactly(32L, 112L, 112L);
            assertThat(layout.groups().get(17).outputDescription()).isEqualTo("320 x 7 x 7");

            List<GroupParameters> merged = LayerGroups.merge(model.groups(), 0, 3);
            assertThat(merged).hasSize(16);
            assertThat(merged.get(0).name()).isEqualTo("features.0+features.1+features.2+features.3");
            assertThat(merged.get(0).trainableCount()).isEqualTo(928 + 896 + 5136 + 8832);
            assertThatThrownBy(() -> LayerGroups.merge(model.groups(), 3, 30)).hasMessageContaining("cannot merge");
        }
    }

    @Test
    void aDjlBackboneComputesItsGroupsOutputShapes() {
        try (AdaptedModel model = AdaptedModel.create(catalog().resolve("fashion_cnn"), List.of("a", "b", "c"),
                RecipeCodec.defaults().head(), false, 0, 1, Device.cpu())) {
            assertThat(model.layout().groups()).extracting(LayerGroup::outputShape)
                    .containsExactly(List.of(32L, 14L, 14L), List.of(64L, 7L, 7L), List.of(128L, 7L, 7L), List.of(3L));
        }
    }

    @Test
    void aTorchScriptFileWithoutMetadataIsProbed(@TempDir Path dir) throws Exception {
        Path file = copyOfMobileNet(dir.resolve("my net.pt"));
        ResolvedModel model = catalog().resolve(file.toString());
        assertThat(model.metadata().featureDimension()).isEqualTo(1280);
        assertThat(model.metadata().inputSize()).isEqualTo(224);
        assertThat(model.info().parameters()).isEqualTo(2_223_872);

        // an imported file has no recorded shapes: its groups show their channels, from their last parameter
        try (AdaptedModel adapted = AdaptedModel.create(model, List.of("a", "b"), RecipeCodec.defaults().head(), false, 0, 1, Device.cpu())) {
            assertThat(adapted.layout().groups().get(17).outputShape()).containsExactly(320L);
            assertThat(adapted.layout().groups().get(18).outputDescription()).isEqualTo("1280 channels");
        }

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
