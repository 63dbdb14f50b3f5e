#!/usr/bin/env python3
"""Rewrites the bundled MobileNetV2 backbone so that it also offers feature_map(x): the last layer group's
activations (N x 1280 x 7 x 7 at 224 px), before the average pooling that forward() applies to them.

Why: DJL runs a TorchScript module as a whole and cannot reach its submodules, so Grad-CAM ("where the model
looks") needs the last convolutional group's output as a method of its own. forward() is written in terms of
it, so both give the same numbers by construction; the parameter names (features.N...), the channels-last
input and the results are unchanged. A fine-tuned export is this module saved again, so it keeps the method.

usage: python3 feature_map.py IN.pt OUT.pt      (Debian's python3-torch is enough)
"""
import sys
import torch


class Backbone(torch.nn.Module):
    def __init__(self, features):
        super().__init__()
        self.features = features

    def forward(self, x):
        return torch.mean(self.feature_map(x), [2, 3])

    @torch.jit.export
    def feature_map(self, x):
        x = x.contiguous(memory_format=torch.channels_last)
        return self.features(x)


def main(source, target):
    original = torch.jit.load(source).eval()
    rewritten = torch.jit.script(Backbone(original.features)).eval()
    probe = torch.rand(4, 3, 224, 224)
    with torch.no_grad():
        difference = (original(probe) - rewritten(probe)).abs().max().item()
        pooled = (rewritten.feature_map(probe).mean([2, 3]) - rewritten(probe)).abs().max().item()
    if difference > 1e-5 or pooled > 0:
        sys.exit(f"outputs differ by {difference} (pooled map: {pooled}); not written")
    names = [n for n, _ in original.named_parameters()]
    if names != [n for n, _ in rewritten.named_parameters()]:
        sys.exit("parameter names differ; not written")
    rewritten.save(target)
    print(f"{target}: {len(names)} parameter tensors, largest output difference {difference:.2e}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
