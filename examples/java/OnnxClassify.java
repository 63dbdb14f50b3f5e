import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Classifies images with a model exported by {@code unfreeze export --format onnx}, in ONNX Runtime alone.
 *
 * <pre>
 * java -cp onnxruntime-1.23.2.jar OnnxClassify.java EXPORT_FOLDER IMAGE...
 * java -cp onnxruntime-1.23.2.jar OnnxClassify.java EXPORT_FOLDER/model-fp16.onnx IMAGE...
 * </pre>
 *
 * Prints one line per image: the file, the best class, its probability, then every class's probability in the
 * order of synset.txt. The input size and colour come from the model itself.
 */
public class OnnxClassify {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -cp onnxruntime.jar OnnxClassify.java EXPORT_FOLDER|MODEL.onnx IMAGE...");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        if (Files.isDirectory(model)) {
            model = model.resolve("model.onnx");
        }
        List<String> classes = Files.readAllLines(model.resolveSibling("synset.txt"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            NodeInfo input = session.getInputInfo().get("image");
            long[] shape = ((TensorInfo) input.getInfo()).getShape(); // [batch, channels, height, width]
            int channels = (int) shape[1];
            int height = (int) shape[2];
            int width = (int) shape[3];
            for (int i = 1; i < args.length; i++) {
                float[] pixels = pixels(ImageIO.read(new File(args[i])), channels, width, height);
                try (OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels),
                        new long[] {1, channels, height, width});
                     OrtSession.Result result = session.run(Map.of("image", image))) {
                    float[] probabilities = ((float[][]) result.get("probabilities").get().getValue())[0];
                    int best = 0;
                    StringBuilder all = new StringBuilder();
                    for (int c = 0; c < probabilities.length; c++) {
                        best = probabilities[c] > probabilities[best] ? c : best;
                        all.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", probabilities[c]));
                    }
                    System.out.printf(Locale.ROOT, "%s\t%s\t%.6f\t%s%n", args[i], classes.get(best), probabilities[best], all);
                }
            }
        }
    }

    /**
     * The model's input: channel planes of pixel / 255, the image resized as Unfreeze trained it (Pillow's
     * {@code resize(BILINEAR)}, {@link #resize}).
     */
    static float[] pixels(BufferedImage image, int channels, int width, int height) throws IOException {
        if (image == null) {
            throw new IOException("not an image ImageIO can read");
        }
        int inWidth = image.getWidth();
        int inHeight = image.getHeight();
        int[] samples = new int[inWidth * inHeight * channels];
        for (int y = 0; y < inHeight; y++) {
            for (int x = 0; x < inWidth; x++) {
                int at = (y * inWidth + x) * channels;
                if (channels == 1) {
                    samples[at] = grey(image, x, y);
                } else if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                    // a grey picture's samples as they are: getRGB would convert them from linear grey to sRGB
                    int v = image.getRaster().getSample(x, y, 0);
                    samples[at] = v;
                    samples[at + 1] = v;
                    samples[at + 2] = v;
                } else {
                    int rgb = image.getRGB(x, y);
                    samples[at] = (rgb >> 16) & 0xff;
                    samples[at + 1] = (rgb >> 8) & 0xff;
                    samples[at + 2] = rgb & 0xff;
                }
            }
        }
        int[] resized = resize(samples, inWidth, inHeight, channels, width, height);
        float[] out = new float[resized.length];
        int plane = width * height;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                out[c * plane + p] = resized[p * channels + c] / 255f;
            }
        }
        return out;
    }

    /** Pillow's fixed-point precision for 8-bit images. */
    private static final int PRECISION_BITS = 22;

    /**
     * Pillow's {@code resize(BILINEAR)} to the bit: a triangle filter widened by the reduction (antialiasing),
     * the horizontal pass first, weights in 22-bit fixed point, each pass rounded to 8 bits.
     */
    static int[] resize(int[] samples, int inWidth, int inHeight, int channels, int outWidth, int outHeight) {
        int[] horizontal = inWidth == outWidth ? samples : pass(samples, inWidth, inHeight, channels, outWidth, true);
        return inHeight == outHeight ? horizontal : pass(horizontal, outWidth, inHeight, channels, outHeight, false);
    }

    private static int[] pass(int[] in, int width, int height, int channels, int outSize, boolean horizontal) {
        int inSize = horizontal ? width : height;
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        int outWidth = horizontal ? outSize : width;
        int outHeight = horizontal ? height : outSize;
        int[] out = new int[outWidth * outHeight * channels];
        for (int i = 0; i < outSize; i++) {
            double centre = (i + 0.5) * scale;
            int min = Math.max((int) (centre - filterScale + 0.5), 0);
            int count = Math.min((int) (centre + filterScale + 0.5), inSize) - min;
            double[] w = new double[Math.max(count, 0)];
            double total = 0;
            for (int t = 0; t < count; t++) {
                double distance = Math.abs((t + min - centre + 0.5) / filterScale);
                w[t] = distance < 1 ? 1 - distance : 0;
                total += w[t];
            }
            int[] weights = new int[w.length];
            for (int t = 0; t < w.length; t++) {
                double normalised = total != 0 ? w[t] / total : w[t];
                weights[t] = (int) (normalised < 0 ? -0.5 + normalised * (1 << PRECISION_BITS)
                        : 0.5 + normalised * (1 << PRECISION_BITS));
            }
            int lines = horizontal ? height : width;
            for (int line = 0; line < lines; line++) {
                for (int c = 0; c < channels; c++) {
                    long sum = 1 << (PRECISION_BITS - 1);
                    for (int t = 0; t < count; t++) {
                        int x = horizontal ? min + t : line;
                        int y = horizontal ? line : min + t;
                        sum += (long) in[(y * width + x) * channels + c] * weights[t];
                    }
                    int value = (int) Math.max(0, Math.min(255, sum >> PRECISION_BITS));
                    int x = horizontal ? i : line;
                    int y = horizontal ? line : i;
                    out[(y * outWidth + x) * channels + c] = value;
                }
            }
        }
        return out;
    }

    /** A pixel's grey level: the sample itself in a greyscale image, else Pillow's convert("L") (ITU-R 601-2). */
    private static int grey(BufferedImage image, int x, int y) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return image.getRaster().getSample(x, y, 0);
        }
        int rgb = image.getRGB(x, y);
        return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114 + 500) / 1000;
    }
}
