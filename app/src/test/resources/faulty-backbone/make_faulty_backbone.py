#!/usr/bin/env python3
"""Writes fails-mid-training.pt: a small greyscale TorchScript backbone whose forward pass raises a RuntimeError
once it has run LIMIT times since it was loaded. The worker's fault test trains it to see an exception from inside
the engine reach the window in plain words, with no fault hook in the product.

usage: python3 make_faulty_backbone.py OUT.pt LIMIT      (Debian's python3-torch is enough)
"""
import sys
import torch


class FailsMidTraining(torch.nn.Module):
    def __init__(self, limit: int):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.register_buffer("calls", torch.zeros(1, dtype=torch.long))
        self.limit = limit

    def forward(self, x):
        self.calls += 1
        if int(self.calls.item()) > self.limit:
            raise RuntimeError("the backbone failed on purpose, at forward pass " + str(int(self.calls.item())))
        return torch.relu(self.conv(x)).mean([2, 3])


if __name__ == "__main__":
    torch.manual_seed(0)
    torch.jit.script(FailsMidTraining(int(sys.argv[2]))).save(sys.argv[1])
