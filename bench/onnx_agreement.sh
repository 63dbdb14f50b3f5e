#!/usr/bin/env bash
# How an ONNX export answers in ONNX Runtime next to `predict`, and how its float16 copy does.
#
# usage: bench/onnx_agreement.sh RUN_DIR IMAGE_FOLDER
#
# Exports the run as a DJL folder (what `predict` reads) and as ONNX with --half, runs examples/java/OnnxClassify.java
# (ONNX Runtime alone, its own resize) on every image under IMAGE_FOLDER with model.onnx and with model-fp16.onnx,
# and prints the sizes, how often each agrees with `predict` on the top class, and the largest probability
# difference. The images are first decoded once by Pillow and saved as PNG, so that both sides read the same pixels
# (JPEG decoders differ in their last bits, and Java's ImageIO reads no WebP). Needs Debian's python3-pil and the
# ONNX Runtime jar in the local Maven repository (the build fetches it).
set -euo pipefail
run=$1
images=$2
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$out"' EXIT; echo "work folder: $out" >&2
ort=$(ls ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/*/onnxruntime-*.jar | grep -v sources | tail -n 1)
"$root/unfreeze" export --run "$run" --out "$out/djl" >/dev/null
"$root/unfreeze" export --run "$run" --out "$out/onnx" --format onnx --half >/dev/null
/usr/bin/python3 - "$images" "$out/png" > "$out/images.txt" <<'PY'
import os, sys
from PIL import Image
source, target = sys.argv[1], sys.argv[2]
for folder, _, files in sorted(os.walk(source)):
    for name in sorted(files):
        try:
            image = Image.open(os.path.join(folder, name))
            image.load()
        except OSError:
            continue
        out = os.path.join(target, os.path.relpath(folder, source), os.path.splitext(name)[0] + ".png")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(out)
        print(out)
PY
mapfile -t files < "$out/images.txt"
"$root/unfreeze" predict --model "$out/djl" --json --top 1000 "${files[@]}" > "$out/predict.json" 2>/dev/null
for model in model.onnx model-fp16.onnx; do
  java -cp "$ort" "$root/examples/java/OnnxClassify.java" "$out/onnx/$model" "${files[@]}" > "$out/$model.tsv"
done
/usr/bin/python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
classes = open(os.path.join(out, "onnx", "synset.txt")).read().splitlines()
predicted = {}
for entry in json.load(open(os.path.join(out, "predict.json"))):
    predicted[entry["image"]] = {p["class"]: p["probability"] for p in entry["top"]}
base = os.path.getsize(os.path.join(out, "onnx", "model.onnx"))
for model in ("model.onnx", "model-fp16.onnx"):
    same = total = 0
    worst = 0.0
    for line in open(os.path.join(out, model + ".tsv")):
        file, best, _, probabilities = line.rstrip("\n").split("\t")
        app = predicted[file]
        total += 1
        same += best == max(app, key=app.get)
        for name, p in zip(classes, probabilities.split(",")):
            worst = max(worst, abs(float(p) - app[name]))
    size = os.path.getsize(os.path.join(out, "onnx", model))
    print(f"{model:16s} {size / 1e6:6.1f} MB ({size / base:.0%})  top-1 as predict on {same} of {total} images,"
          f"  largest probability difference {worst:.2e}")
PY
