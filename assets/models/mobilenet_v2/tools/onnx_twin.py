#!/usr/bin/env python3
"""Writes the ONNX twin of a TorchScript backbone: the same graph as ONNX, whose initializers carry the
TorchScript parameter and buffer names (features.0.0.weight, features.0.1.running_mean, ...).

Why: Unfreeze exports an adapted model as one ONNX file without Python on the user's machine. It takes
this twin's graph, puts the run's own tensors into the initializers of those names, and appends the head
and softmax. The twin is therefore written without those tensors' values (only their names, types and
shapes), which keeps it a few kilobytes; every other constant of the graph is kept. BatchNorm stays a
BatchNormalization node (not folded into the convolution) so that a run's statistics can be put in.

A backbone whose metadata names "stageFeatures" gets a second twin, of its stage_features() method (the pooled
output of every stage, which a linear probe reads): ONNX exports a forward pass only, so the method is written out
as one here, over the same groups, and checked against the TorchScript method.

usage: python3 onnx_twin.py MODEL_FOLDER      (Debian's python3-torch and python3-onnx are enough)
       writes the files named by "onnx" and "stageFeatures"."onnx" in MODEL_FOLDER/unfreeze-model.json
"""
import io
import json
import os
import sys
from collections import OrderedDict
from typing import List

import numpy
import onnx
import onnx.numpy_helper
import torch

OPSET = 13


class StageFeatures(torch.nn.Module):
    """The backbone's stage_features() as a forward pass over its own groups (their names unchanged)."""

    def __init__(self, net, ends):
        super().__init__()
        self.features = torch.nn.Sequential(OrderedDict(net.features.named_children()))
        self.ends = ends

    def forward(self, x):
        pooled: List[torch.Tensor] = []
        for i, group in enumerate(self.features):
            x = group(x)
            if i in self.ends:
                pooled.append(torch.mean(x, [2, 3]))
        return torch.cat(pooled, 1)


def main(folder):
    with open(os.path.join(folder, "unfreeze-model.json")) as f:
        meta = json.load(f)
    net = torch.jit.load(os.path.join(folder, meta["weights"])).eval()
    probe = torch.rand(2, meta["channels"], meta["inputSize"], meta["inputSize"])
    target = os.path.join(folder, meta.get("onnx", os.path.splitext(meta["weights"])[0] + ".onnx"))
    write(net, net, probe, target, lambda x: net(x))
    stages = meta.get("stageFeatures")
    if stages:
        ends = [int(g.split(".")[1]) for g in stages["groups"]]
        write(torch.jit.script(StageFeatures(net, ends)).eval(), net, probe, os.path.join(folder, stages["onnx"]),
              lambda x: getattr(net, stages["method"])(x))


def write(module, net, probe, target, expected):
    """Exports module as a twin of net's tensors, checked against expected(probe)."""
    names = [n for n, _ in net.named_parameters()] + [n for n, _ in net.named_buffers()]
    buffer = io.BytesIO()
    torch.onnx.export(module, (probe,), buffer, input_names=["image"], output_names=["features"],
                      dynamic_axes={"image": {0: "batch", 2: "height", 3: "width"}, "features": {0: "batch"}},
                      opset_version=OPSET, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE, keep_initializers_as_inputs=False)
    model = onnx.load_from_string(buffer.getvalue())
    check(model, expected, probe)
    tensors = {t.name for t in model.graph.initializer}
    missing = [n for n in names if n not in tensors and not n.endswith("num_batches_tracked")]
    if missing:
        sys.exit(f"the ONNX graph does not name these tensors: {missing[:5]}; not written")
    for t in model.graph.initializer:
        if t.name in names:
            # only the name, type and shape: the exporter puts the run's values in
            t.ClearField("raw_data")
            del t.float_data[:]
            del t.int64_data[:]
    onnx.save(model, target)
    print(f"{target}: {len(model.graph.node)} nodes, {len(names)} named tensors, {os.path.getsize(target)} bytes")


def check(model, expected, probe):
    """The graph with the backbone's own values gives the backbone's features (by the reference evaluator when
    this onnx has one; otherwise by the checker alone)."""
    onnx.checker.check_model(model)
    try:
        from onnx.reference import ReferenceEvaluator
    except ImportError:
        return
    with torch.no_grad():
        wanted = expected(probe).numpy()
    actual = ReferenceEvaluator(model).run(None, {"image": probe.numpy()})[0]
    difference = float(numpy.abs(actual - wanted).max())
    if difference > 1e-4:
        sys.exit(f"the ONNX graph differs from TorchScript by {difference}; not written")


if __name__ == "__main__":
    main(sys.argv[1])
