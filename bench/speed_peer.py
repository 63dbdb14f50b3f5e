#!/usr/bin/env python3
"""The peer of `unfreeze bench`: the same figures from a tuned plain PyTorch loop on the same backbone
file (synthetic batches, SGD with momentum, a linear head), to put beside Unfreeze's in the same run.

Tuned as an expert would on a CPU: the input batch in channels-last memory format (oneDNN's
convolutions prefer NHWC) and glibc huge pages (set GLIBC_TUNABLES before Python starts).

usage: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 python3 bench/speed_peer.py [--figures full,frozen,top-half,bitfit]
       [--batch-size 32] [--steps 10] [--threads N] [--no-channels-last]
Prints one "figure images-per-second" line per figure, as `unfreeze bench` does.
"""
import argparse, os, time
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
BACKBONE = os.path.join(HERE, "..", "assets", "models", "mobilenet_v2", "mobilenet_v2_backbone.pt")
MIN_WARM_UP, MAX_WARM_UP, SETTLING = 3, 30, 0.95


def images_per_second(trainable_groups, batch, steps, channels_last, vectors_only=False):
    backbone = torch.jit.load(BACKBONE)
    groups = list(backbone.features.children())
    first = 0 if trainable_groups < 0 else len(groups) - trainable_groups
    for i, group in enumerate(groups):
        for p in group.parameters():
            p.requires_grad_(i >= first and (not vectors_only or p.dim() == 1))
    model = torch.nn.Sequential(backbone, torch.nn.Linear(1280, 10))
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(trainable, lr=0.001, momentum=0.9)
    x = torch.rand(batch, 3, 224, 224)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, 10, (batch,))

    def step():
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    def timed():
        start = time.perf_counter()
        step()
        return time.perf_counter() - start

    # warm up until the steps stop getting faster, then the median step: as `unfreeze bench` measures
    previous = float("inf")
    for i in range(MAX_WARM_UP):
        seconds = timed()
        if i + 1 >= MIN_WARM_UP and seconds > SETTLING * previous:
            break
        previous = seconds
    times = sorted(timed() for _ in range(max(1, steps)))
    n = len(times)
    median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
    return batch / median


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--figures", default="full,frozen,top-half")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--no-channels-last", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    groups = len(list(torch.jit.load(BACKBONE).features.children()))
    trainable = {"full": -1, "frozen": 0, "top-half": groups // 2, "bitfit": -1}
    for figure in args.figures.split(","):
        rate = images_per_second(trainable[figure], args.batch_size, args.steps, not args.no_channels_last,
                                 vectors_only=figure == "bitfit")
        print(f"{figure} {rate:.2f}", flush=True)


if __name__ == "__main__":
    main()
