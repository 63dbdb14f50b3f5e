#!/usr/bin/env python3
"""Records the output shape of each layer group (features.0 ... features.18) of the bundled backbone in
its unfreeze-model.json, under "groupOutputs", for the layer map.

Why: DJL runs a TorchScript module as a whole; it cannot run its submodules one by one, so the engine
cannot measure what each group puts out. The shapes are measured here once, at the native input size,
by running the groups in order on one blank image.

usage: python3 group_outputs.py MODEL_FOLDER      (Debian's python3-torch is enough)
"""
import json
import os
import sys
import torch


def main(folder):
    path = os.path.join(folder, "unfreeze-model.json")
    with open(path) as f:
        meta = json.load(f)
    net = torch.jit.load(os.path.join(folder, meta["weights"])).eval()
    x = torch.zeros(1, meta["channels"], meta["inputSize"], meta["inputSize"])
    shapes = {}
    with torch.no_grad():
        for name, group in net.features.named_children():
            x = group(x)
            shapes["features." + name] = list(x.shape[1:])
    meta["groupOutputs"] = shapes
    text = json.dumps(meta, indent=2, separators=(",", " : "))
    # one line per group: [32, 112, 112] rather than a number per line
    for name, shape in shapes.items():
        spread = json.dumps(shape, indent=2, separators=(",", " : ")).replace("\n", "\n    ")
        text = text.replace('"%s" : %s' % (name, spread), '"%s" : %s' % (name, json.dumps(shape)))
    with open(path, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
