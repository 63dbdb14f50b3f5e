// Classifies images with a model exported by `unfreeze export --format onnx`, in ONNX Runtime for Node.js.
//
// usage: node classify.mjs EXPORT_FOLDER IMAGE...      (npm install onnxruntime-node sharp)
//
// Prints one line per image: the file, the best class and its probability. sharp only decodes; the resize below is
// the one Unfreeze trained with. In a browser, onnxruntime-web takes the same tensor (decode with a canvas).
import fs from "node:fs";
import path from "node:path";
import ort from "onnxruntime-node";
import sharp from "sharp";

const [folder, ...images] = process.argv.slice(2);
if (!folder || images.length === 0) {
  console.error("usage: node classify.mjs EXPORT_FOLDER IMAGE...");
  process.exit(2);
}
const session = await ort.InferenceSession.create(path.join(folder, "model.onnx"));
const classes = fs.readFileSync(path.join(folder, "synset.txt"), "utf8").trim().split("\n");
const preprocessing = JSON.parse(fs.readFileSync(path.join(folder, "model-card.json"), "utf8")).preprocessing;
const size = preprocessing.size;
const channels = preprocessing.colour === "greyscale" ? 1 : 3;
for (const file of images) {
  let pipeline = sharp(file);
  pipeline = channels === 1 ? pipeline.greyscale().toColourspace("b-w") : pipeline.removeAlpha();
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const resized = resize(data, info.width, info.height, channels, size, size);
  const plane = size * size;
  const x = new Float32Array(channels * plane); // interleaved samples to channel planes, / 255
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < channels; c++) x[c * plane + p] = resized[p * channels + c] / 255;
  }
  const { probabilities } = await session.run({ image: new ort.Tensor("float32", x, [1, channels, size, size]) });
  const best = probabilities.data.indexOf(Math.max(...probabilities.data));
  console.log(`${file}\t${classes[best]}\t${probabilities.data[best].toFixed(6)}`);
}

// Pillow's resize(BILINEAR) to the bit, as Unfreeze trained: a triangle filter widened by the reduction
// (antialiasing), the horizontal pass first, weights in 22-bit fixed point, each pass rounded to 8 bits.
function resize(samples, width, height, channels, outWidth, outHeight) {
  const horizontal = width === outWidth ? samples : pass(samples, width, height, channels, outWidth, true);
  return height === outHeight ? horizontal : pass(horizontal, outWidth, height, channels, outHeight, false);
}

function pass(input, width, height, channels, outSize, horizontal) {
  const PRECISION = 22;
  const inSize = horizontal ? width : height;
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const outWidth = horizontal ? outSize : width;
  const outHeight = horizontal ? height : outSize;
  const out = new Uint8Array(outWidth * outHeight * channels);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const min = Math.max(Math.trunc(centre - filterScale + 0.5), 0);
    const count = Math.min(Math.trunc(centre + filterScale + 0.5), inSize) - min;
    const w = [];
    let total = 0;
    for (let t = 0; t < count; t++) {
      const distance = Math.abs((t + min - centre + 0.5) / filterScale);
      w.push(distance < 1 ? 1 - distance : 0);
      total += w[t];
    }
    const weights = w.map((v) => {
      const n = total !== 0 ? v / total : v;
      return Math.trunc(n < 0 ? -0.5 + n * 2 ** PRECISION : 0.5 + n * 2 ** PRECISION);
    });
    const lines = horizontal ? height : width;
    for (let line = 0; line < lines; line++) {
      for (let c = 0; c < channels; c++) {
        let sum = 2 ** (PRECISION - 1);
        for (let t = 0; t < count; t++) {
          const x = horizontal ? min + t : line;
          const y = horizontal ? line : min + t;
          sum += input[(y * width + x) * channels + c] * weights[t];
        }
        const x = horizontal ? i : line;
        const y = horizontal ? line : i;
        out[(y * outWidth + x) * channels + c] = Math.max(0, Math.min(255, Math.floor(sum / 2 ** PRECISION)));
      }
    }
  }
  return out;
}
