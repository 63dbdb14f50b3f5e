package dev.unfreeze.training.export;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What an ONNX export's folder holds, and how to run its model from Python, Java and JavaScript. */
final class OnnxUsage {
    private OnnxUsage() {}

    /**
     * @param half the float16 copy's measured agreement, or null when there is none
     */
    static Map<String, String> files(HalfAgreement half, long bytes, long halfBytes) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(ModelExporter.ONNX_FILE, String.format(Locale.ROOT, "the whole network (backbone, head, softmax), %.1f MB:"
                + " input 'image', N x C x H x W float32 pixels / 255; output 'probabilities', N x classes. Its metadata"
                + " holds the class names ('classes') and the preprocessing ('preprocessing'), as JSON", bytes / 1e6));
        if (half != null) {
            files.put(ModelExporter.ONNX_HALF_FILE, String.format(Locale.ROOT, "the same network with its weights stored"
                    + " as float16 and computed in float32, %.1f MB (%.0f%% of %s); the same top-1 class as %s on %d of %d"
                    + " of the run's %s images (measured at export)", halfBytes / 1e6, 100.0 * halfBytes / bytes,
                    ModelExporter.ONNX_FILE, ModelExporter.ONNX_FILE, half.same(), half.images(), half.which()));
        }
        files.put("synset.txt", "class names, one per line, in output order");
        return files;
    }

    /** Loading code by language, for a model at {@code name/model.onnx} that takes {@code size} x {@code size} images. */
    static Map<String, String> snippets(String name, int size, int channels) {
        boolean grey = channels == 1;
        Map<String, String> usage = new LinkedHashMap<>();
        usage.put("Python", """
                # pip install onnxruntime pillow numpy
                import json, numpy as np, onnxruntime as ort
                from PIL import Image
                session = ort.InferenceSession("%1$s/model.onnx")
                classes = json.loads(session.get_modelmeta().custom_metadata_map["classes"])
                image = Image.open("photo.jpg").convert("%2$s").resize((%3$d, %3$d), Image.BILINEAR)  # antialiased, as in training
                x = (np.asarray(image, dtype=np.float32) / 255)%4$s  # 1 x %5$d x %3$d x %3$d
                probabilities = session.run(["probabilities"], {"image": x})[0][0]
                print(classes[probabilities.argmax()], probabilities.max())""".formatted(name, grey ? "L" : "RGB", size,
                grey ? "[None, None]" : ".transpose(2, 0, 1)[None]", channels));
        usage.put("Java", """
                // com.microsoft.onnxruntime:onnxruntime; pixels: %2$d x %3$d x %3$d floats, channel by channel, pixel / 255,
                // resized to %3$d x %3$d with an antialiased bilinear filter (examples/java/OnnxClassify.java does it all)
                try (OrtEnvironment env = OrtEnvironment.getEnvironment();
                     OrtSession session = env.createSession("%1$s/model.onnx");
                     OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {1, %2$d, %3$d, %3$d});
                     OrtSession.Result result = session.run(Map.of("image", image))) {
                    float[] probabilities = ((float[][]) result.get("probabilities").get().getValue())[0];
                    String classes = session.getMetadata().getCustomMetadata().get("classes");   // a JSON array
                }""".formatted(name, channels, size));
        usage.put("Java with DJL", """
                // ai.djl.onnxruntime:onnxruntime-engine; DJL's Resize does not antialias, so give it %2$d x %2$d images
                Criteria<Image, Classifications> criteria = Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(Paths.get("%1$s/model.onnx")).optEngine("OnnxRuntime")
                        .optTranslator(ImageClassificationTranslator.builder()
                                .addTransform(new Resize(%2$d, %2$d)).addTransform(new ToTensor())%3$s
                                .optSynset(Files.readAllLines(Paths.get("%1$s/synset.txt"))).build())
                        .build();
                try (ZooModel<Image, Classifications> model = criteria.loadModel();
                     Predictor<Image, Classifications> predictor = model.newPredictor()) {
                    System.out.println(predictor.predict(ImageFactory.getInstance().fromFile(Paths.get("photo.jpg"))).best());
                }""".formatted(name, size, grey ? "\n                        .optFlag(Image.Flag.GRAYSCALE)" : ""));
        usage.put("JavaScript", """
                // npm install onnxruntime-node sharp   (onnxruntime-web takes the same tensor in a browser)
                const ort = require("onnxruntime-node"), sharp = require("sharp"), fs = require("fs");
                const session = await ort.InferenceSession.create("%1$s/model.onnx");
                const classes = fs.readFileSync("%1$s/synset.txt", "utf8").trim().split("\\n");
                const { data } = await sharp("photo.jpg")%4$s.resize(%2$d, %2$d, { fit: "fill", kernel: "linear" }).raw()
                    .toBuffer({ resolveWithObject: true });
                const plane = %2$d * %2$d, x = new Float32Array(%3$d * plane);   // interleaved bytes to planes, / 255
                for (let p = 0; p < plane; p++) for (let c = 0; c < %3$d; c++) x[c * plane + p] = data[p * %3$d + c] / 255;
                const { probabilities } = await session.run({ image: new ort.Tensor("float32", x, [1, %3$d, %2$d, %2$d]) });
                const best = probabilities.data.indexOf(Math.max(...probabilities.data));
                console.log(classes[best], probabilities.data[best]);""".formatted(name, size, channels,
                grey ? ".greyscale().toColourspace(\"b-w\")" : ".removeAlpha()"));
        return usage;
    }
}
