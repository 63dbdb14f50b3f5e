package dev.unfreeze.training.api;

/**
 * A pretrained model the catalog can offer.
 *
 * @param id the identifier used on the command line and in recipes
 * @param name a human-readable name
 * @param source where it comes from: {@code bundled}, {@code file}, {@code url} or {@code export}
 * @param location the file, URL or resource it is loaded from
 * @param architecture {@code torchscript} or {@code small-cnn}
 * @param parameters the number of trainable parameters of the backbone
 * @param inputSize the square input size in pixels
 * @param channels 3 for RGB, 1 for greyscale
 * @param provenance where the weights come from
 * @param license the licence of the weights
 */
public record ModelInfo(
        String id,
        String name,
        String source,
        String location,
        String architecture,
        long parameters,
        int inputSize,
        int channels,
        String provenance,
        String license) {}
