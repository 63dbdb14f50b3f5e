#!/usr/bin/env python3
"""Rewrites the bundled MobileNetV2 backbone's methods around its unchanged layer groups (features.0-18):

- forward(x) converts the input batch to channels-last memory format before the first convolution: PyTorch's CPU
  convolutions (oneDNN) run MobileNetV2 about twice as fast on NHWC input, and DJL has no memory-format call, so the
  conversion has to live inside the TorchScript graph;
- feature_map(x) returns the last layer group's activations (N x 1280 x 7 x 7 at 224 px), before the average
  pooling: DJL runs a TorchScript module as a whole and cannot reach its submodules, so Grad-CAM ("where the model
  looks") needs them as a method of its own;
- stage_features(x) returns the pooled output of the last group of every stage (features.3, 6, 10, 13 and 16, one
  per resolution and width) and of the last group, joined (N x 1656): what a linear probe reads. This backbone's
  groups from features.12 up were tuned further on a narrow photo task, so the earlier stages' general features
  carry what its last group has lost (docs/quality-benchmark.md, "A probe on every stage").

forward() is feature_map() averaged; the last 1280 values of stage_features() equal forward()'s to the bit, the
weights and parameter names are unchanged, and forward() gives the original's outputs within 1e-5 (all checked before
writing). Every path that runs the backbone
(training, the feature cache, evaluation, prediction and the exported model, which is this module saved again) gets
all three.

usage: python3 feature_map.py IN.pt OUT.pt      (Debian's python3-torch is enough)
"""
import sys
from collections import OrderedDict
from typing import List

import torch



class Backbone(torch.nn.Module):
    def __init__(self, features):
        super().__init__()
        # a Python Sequential of the loaded groups, so that TorchScript may iterate over them; names are unchanged
        self.features = torch.nn.Sequential(OrderedDict(features.named_children()))

    def forward(self, x):
        return torch.mean(self.feature_map(x), [2, 3])

    @torch.jit.export
    def feature_map(self, x):
        x = x.contiguous(memory_format=torch.channels_last)
        return self.features(x)

    @torch.jit.export
    def stage_features(self, x):
        x = x.contiguous(memory_format=torch.channels_last)
        pooled: List[torch.Tensor] = []
        for i, group in enumerate(self.features):
            x = group(x)
            if i in [3, 6, 10, 13, 16, 18]:  # the last group of each stage, and the network's last group
                pooled.append(torch.mean(x, [2, 3]))
        return torch.cat(pooled, 1)


def main(source, target):
    original = torch.jit.load(source).eval()
    rewritten = torch.jit.script(Backbone(original.features)).eval()
    probe = torch.rand(4, 3, 224, 224)
    with torch.no_grad():
        difference = (original(probe) - rewritten(probe)).abs().max().item()
        pooled = (rewritten.feature_map(probe).mean([2, 3]) - rewritten(probe)).abs().max().item()
        stages = rewritten.stage_features(probe)
        last = (stages[:, -rewritten(probe).shape[1]:] - rewritten(probe)).abs().max().item()
    if difference > 1e-5 or pooled > 0 or last > 0:
        sys.exit(f"outputs differ by {difference} (pooled map: {pooled}, stages: {last}); not written")
    names = [n for n, _ in original.named_parameters()]
    if names != [n for n, _ in rewritten.named_parameters()]:
        sys.exit("parameter names differ; not written")
    rewritten.save(target)
    print(f"{target}: {len(names)} parameter tensors, largest output difference {difference:.2e},"
          f" {stages.shape[1]} stage features")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
