#!/usr/bin/env python3
"""Rewrites the bundled MobileNetV2 backbone so that its forward() converts the input batch to
channels-last memory format before the first convolution.

Why: PyTorch's CPU convolutions (oneDNN) run MobileNetV2 about twice as fast on NHWC input, and DJL
has no memory-format call, so the conversion has to live inside the TorchScript graph. The weights,
parameter names (features.N...) and results are unchanged; only the layout of the activations is.
Every path that runs the backbone (training, the feature cache, evaluation, prediction and the
exported model, which is this module saved again) gets the faster layout.

usage: python3 channels_last.py IN.pt OUT.pt      (Debian's python3-torch is enough)
"""
import sys
import torch


class Backbone(torch.nn.Module):
    def __init__(self, features):
        super().__init__()
        self.features = features

    def forward(self, x):
        x = x.contiguous(memory_format=torch.channels_last)
        return torch.mean(self.features(x), [2, 3])


def main(source, target):
    original = torch.jit.load(source).eval()
    rewritten = torch.jit.script(Backbone(original.features)).eval()
    probe = torch.rand(4, 3, 224, 224)
    with torch.no_grad():
        difference = (original(probe) - rewritten(probe)).abs().max().item()
    if difference > 1e-5:
        sys.exit(f"outputs differ by {difference}; not written")
    names = [n for n, _ in original.named_parameters()]
    if names != [n for n, _ in rewritten.named_parameters()]:
        sys.exit("parameter names differ; not written")
    rewritten.save(target)
    print(f"{target}: {len(names)} parameter tensors, largest output difference {difference:.2e}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
