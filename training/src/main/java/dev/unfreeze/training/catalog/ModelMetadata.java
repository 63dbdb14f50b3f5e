package dev.unfreeze.training.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What Unfreeze needs to know about a backbone besides its weights, kept in
 * {@value #FILE_NAME} beside the model file.
 *
 * @param id catalog id
 * @param name readable name
 * @param architecture {@code torchscript} or {@code small-cnn}
 * @param weights the weights file name in the same folder
 * @param inputSize native square input size in pixels
 * @param channels 3 (RGB) or 1 (greyscale)
 * @param mean per-channel mean subtracted after scaling to [0, 1], or null for none
 * @param std per-channel standard deviation, or null for none
 * @param featureDimension size of the feature vector, 0 when not yet probed
 * @param parameters number of trainable backbone parameters, 0 when not yet counted
 * @param provenance where the weights come from
 * @param license the weights' licence
 * @param lineage base models this one was adapted from, oldest first
 * @param sha256 checksum of the weights file, or null
 * @param groupOutputs each layer group's output shape (channels, height, width) at the native input size, by
 *     group name, for the layer map; empty when not recorded (a TorchScript file's submodules cannot be run
 *     one by one here, so its metadata carries them; a DJL block's are computed)
 * @param onnx the backbone's ONNX twin in the same folder (its graph, with initializers named as the weights and
 *     without their values), which ONNX export fills with a run's tensors; null when the model has none
 * @param fineTuneTemperature what the scores of a model fine-tuned from this backbone on every labelled image are
 *     divided by, as measured for it on the quality benchmark; null where it was not measured (then none)
 * @param stageFeatures the method that gives a frozen backbone's features from every stage, or null when it has none
 *     (then a probe reads the last group's)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
        String id,
        String name,
        String architecture,
        String weights,
        int inputSize,
        int channels,
        List<Double> mean,
        List<Double> std,
        int featureDimension,
        long parameters,
        String provenance,
        String license,
        List<String> lineage,
        String sha256,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<Long>> groupOutputs,
        String onnx,
        Double fineTuneTemperature,
        StageFeatures stageFeatures) {
    /** The metadata file's name. */
    public static final String FILE_NAME = "unfreeze-model.json";

    private static final ObjectMapper MAPPER = Json.mapper();

    public ModelMetadata {
        lineage = lineage == null ? List.of() : List.copyOf(lineage);
        groupOutputs = groupOutputs == null ? Map.of() : Map.copyOf(groupOutputs);
    }

    /** Reads a metadata file. */
    public static ModelMetadata read(Path file) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new IOException("cannot read model metadata " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this metadata as JSON. */
    public void write(Path file) throws IOException {
        Files.writeString(file, Json.indented().writeValueAsString(this) + "\n");
    }

    /** A copy with other values for the fields a probe or an import determines (and no stage features). */
    public ModelMetadata with(String newId, String newWeights, int newFeatureDimension, long newParameters,
            List<String> newLineage, String newSha) {
        return new ModelMetadata(newId, name, architecture, newWeights, inputSize, channels, mean, std,
                newFeatureDimension, newParameters, provenance, license, newLineage, newSha, groupOutputs, onnx,
                fineTuneTemperature, null);
    }

    /** A copy that names another ONNX twin (or none). */
    public ModelMetadata withOnnx(String twin) {
        return new ModelMetadata(id, name, architecture, weights, inputSize, channels, mean, std, featureDimension,
                parameters, provenance, license, lineage, sha256, groupOutputs, twin, fineTuneTemperature,
                stageFeatures);
    }

    /** The temperature for a fine-tune of this backbone on every labelled image: 1 (none) where not measured. */
    public float temperatureForFineTunes() {
        return fineTuneTemperature == null ? 1f : fineTuneTemperature.floatValue();
    }

    /** Whether a per-channel normalisation is applied after scaling to [0, 1]. */
    public boolean normalized() {
        return mean != null && std != null;
    }
}
