#!/usr/bin/env python3
"""Classifies images with a model exported by `unfreeze export --format onnx`, in ONNX Runtime.

usage: python3 classify.py EXPORT_FOLDER IMAGE...      (pip install onnxruntime pillow numpy)

Prints one line per image: the file, the best class and its probability. The input size and colour come from
the model; the resize is Pillow's antialiased bilinear filter, the one Unfreeze trained with.
"""
import json
import os
import sys

import numpy as np
import onnxruntime as ort
from PIL import Image


def main(folder, images):
    session = ort.InferenceSession(os.path.join(folder, "model.onnx"))
    classes = json.loads(session.get_modelmeta().custom_metadata_map["classes"])
    _, channels, height, width = session.get_inputs()[0].shape
    for path in images:
        image = Image.open(path).convert("L" if channels == 1 else "RGB").resize((width, height), Image.BILINEAR)
        x = np.asarray(image, dtype=np.float32) / 255
        x = x[None, None] if channels == 1 else x.transpose(2, 0, 1)[None]
        probabilities = session.run(["probabilities"], {"image": x})[0][0]
        best = int(probabilities.argmax())
        print(f"{path}\t{classes[best]}\t{probabilities[best]:.6f}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
