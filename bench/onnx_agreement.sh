#!/usr/bin/env bash
# How an ONNX export answers in ONNX Runtime next to `predict`, and how its float16 copy does.
#
# usage: bench/onnx_agreement.sh RUN_DIR IMAGE_FOLDER
#
# Exports the run as a DJL folder (what `predict` reads) and as ONNX with --half, runs examples/java/OnnxClassify.java
# (ONNX Runtime alone, its own decoding and resize) on every image under IMAGE_FOLDER with model.onnx and with
# model-fp16.onnx, and prints the sizes, how often each agrees with `predict` on the top class, and the largest
# probability difference. Needs the ONNX Runtime jar in the local Maven repository (the build fetches it).
set -euo pipefail
run=$1
images=$2
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ort=$(ls ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/*/onnxruntime-*.jar | grep -v sources | tail -n 1)
"$root/unfreeze" export --run "$run" --out "$out/djl" >/dev/null
"$root/unfreeze" export --run "$run" --out "$out/onnx" --format onnx --half >/dev/null
find "$images" -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | sort > "$out/images.txt"
"$root/unfreeze" predict --model "$out/djl" --json --top 1000 $(cat "$out/images.txt") > "$out/predict.json" 2>/dev/null
for model in model.onnx model-fp16.onnx; do
  java -cp "$ort" "$root/examples/java/OnnxClassify.java" "$out/onnx/$model" $(cat "$out/images.txt") > "$out/$model.tsv"
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
