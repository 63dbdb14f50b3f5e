package dev.unfreeze.training.export;

import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.engine.AdaptedModel;
import dev.unfreeze.training.runs.RunInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a DJL export's folder holds, and how to load it from Java (DJL) and Python (TorchScript). */
final class DjlUsage {
    private DjlUsage() {}

    /** @param featureMethod the backbone's method the head reads, null for its forward pass */
    static Map<String, String> files(boolean smallCnn, boolean twin, String featureMethod) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(smallCnn ? "backbone.safetensors" : "backbone.pt", smallCnn
                ? "the fine-tuned small-CNN backbone's weights (DJL parameter names)"
                : featureMethod == null
                ? "the fine-tuned backbone as TorchScript; forward(x) returns the feature vector"
                : "the backbone as TorchScript; the head reads " + featureMethod + "(x), the pooled output of every"
                        + " stage joined");
        files.put("head.safetensors", "the classification head's weights");
        files.put("synset.txt", "class names, one per line, in output order");
        files.put("serving.properties", "how DJL builds the network and preprocesses images");
        files.put(ModelExporter.RUNTIME_JAR, "the block factory DJL uses to rebuild the input step, backbone and head");
        files.put(ModelMetadata.FILE_NAME, "lets Unfreeze use this model as the base of a new run");
        if (twin) {
            files.put(ModelExporter.TWIN_FILE, "the backbone's graph without weights, for ONNX exports of runs based on this model");
        }
        return files;
    }

    static Map<String, String> snippets(String name, AdaptedModel model, RunInfo info, ModelMetadata baseMeta,
            boolean smallCnn) {
        Map<String, String> usage = new LinkedHashMap<>();
        usage.put("Java", """
                Criteria<Image, Classifications> criteria = Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(Paths.get("%s"))   // with unfreeze-runtime.jar on the class path
                        .build();
                // images of any size: the network resizes (antialiased, as in training) and normalises them itself
                try (ZooModel<Image, Classifications> model = criteria.loadModel();
                     Predictor<Image, Classifications> predictor = model.newPredictor()) {
                    Classifications result = predictor.predict(ImageFactory.getInstance().fromFile(Paths.get("photo.jpg")));
                    System.out.println(result.best());
                }""".formatted(name));
        if (!smallCnn) {
            String keys = "head[\"" + String.join("\"], head[\"", model.network().head().getParameters().keys()) + "\"]";
            usage.put("Python", """
                    import torch
                    from safetensors.torch import load_file
                    backbone = torch.jit.load("%s/backbone.pt").eval()
                    head = load_file("%s/head.safetensors")   # %s
                    # x: N x %d x %d x %d float tensor, pixel / 255%s
                    with torch.no_grad():
                        features = backbone%s(x)
                    # apply the head's layers in order (Linear weights are [out, in]); classes in synset.txt""".formatted(
                    name, name, keys, baseMeta.channels(), info.imageSize(), info.imageSize(),
                    baseMeta.normalized() ? ", then normalised with the mean and std above" : "",
                    model.network().featureMethod() == null ? "" : "." + model.network().featureMethod()));
        }
        return usage;
    }
}
