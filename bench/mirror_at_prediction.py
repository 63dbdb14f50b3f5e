#!/usr/bin/env python3
"""Whether averaging a model's answers on each test image and on its mirror image (test-time augmentation) makes
Unfreeze's exported models more accurate.

For each run folder given (the `default` folders that `unfreeze bench quality --out DIR` leaves), it exports the
run's model with `./unfreeze export`, writes each of the run's test images mirrored left to right (as PNG, no other
change), runs `./unfreeze predict --json` on the originals and on the mirrored copies, and prints the test
accuracy and log loss of the originals alone, the mirrored alone, and the two probabilities averaged.

    /usr/bin/python3 bench/mirror_at_prediction.py runs/*/default > mirror.csv

Run from the repository root with Debian's python3-pil.
"""
import csv, json, math, os, subprocess, sys, tempfile
from PIL import Image


def predict(model, files):
    out = subprocess.run(["./unfreeze", "predict", "--json", "--top", "1000", "--model", model] + files,
                         check=True, capture_output=True, text=True).stdout
    return [{c["class"]: c["probability"] for c in r["top"]} for r in json.loads(out)]


def scores(probabilities, truth):
    accuracy = sum(max(p, key=p.get) == y for p, y in zip(probabilities, truth)) / len(truth)
    loss = sum(-math.log(max(p.get(y, 0.0), 1e-6)) for p, y in zip(probabilities, truth)) / len(truth)
    return accuracy, loss


def main():
    out = csv.writer(sys.stdout)
    out.writerow(["run", "test_images", "original", "mirrored", "averaged", "log_loss_original", "log_loss_averaged"])
    for run in sys.argv[1:]:
        with open(os.path.join(run, "test-predictions.json")) as f:
            answers = json.load(f)
        files = [a["file"] for a in answers]
        truth = [a["actual"] for a in answers]
        with tempfile.TemporaryDirectory() as work:
            model = os.path.join(work, "model")
            subprocess.run(["./unfreeze", "export", "--run", run, "--out", model], check=True, capture_output=True)
            mirrored = []
            for i, file in enumerate(files):
                name = os.path.join(work, "%05d.png" % i)  # lossless, whatever the original's format
                Image.open(file).transpose(Image.FLIP_LEFT_RIGHT).save(name)
                mirrored.append(name)
            original, flipped = predict(model, files), predict(model, mirrored)
        averaged = [{k: (a.get(k, 0.0) + b.get(k, 0.0)) / 2 for k in a.keys() | b.keys()}
                    for a, b in zip(original, flipped)]
        (a0, l0), (a1, _), (a2, l2) = scores(original, truth), scores(flipped, truth), scores(averaged, truth)
        out.writerow([run, len(files), "%.4f" % a0, "%.4f" % a1, "%.4f" % a2, "%.4f" % l0, "%.4f" % l2])
        sys.stdout.flush()


if __name__ == "__main__":
    main()
