#!/usr/bin/env python3
"""Which features a linear probe on the bundled MobileNetV2 should read, in plain PyTorch, on the tasks of
bench/data/tasks.csv: the pooled output of the last group (1,280 values, what the probe read until 2026-12-07), the
pooled output of the last group of every stage joined (features.3, 6, 10, 13, 16 and 18: 1,656 values), and the same
with each stage's block scaled to the same total variance ("balanced", as Head2Toe weighs layers; Evci et al. 2022).

Each probe is Unfreeze's: every feature scaled to unit variance (its spread floored at a tenth of the median
feature's), a multinomial logistic regression fitted to convergence by L-BFGS, its L2 strength the one of Unfreeze's
grid with the lowest held-out cross-entropy over stratified 5 folds. Scored once on each task's test/ images.

`--l2-by-accuracy` also fits the probe on every stage with the L2 strength Unfreeze chose until 2026-12-07: the middle
of the strengths with the best cross-validated accuracy.
`--mirror` also fits the probe on every stage with each training image's mirror image as a second example of its
class (the two always in the same fold).

usage: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 python3 bench/stage_probe.py [--tasks a,b] [--l2-by-accuracy] [--mirror]
Run with Debian's python3-torch (1.13) and python3-pil; prints one line per task.
"""
import argparse, os, random, time
import torch
import quality_peer as peer

STAGE_ENDS = (3, 6, 10, 13, 16)  # and the network's last group, which forward() pools
GRID = (1e-4, 1e-3, 1e-2, 3e-2, 1e-1, 0.3, 1.0)
SPREAD_FLOOR = 0.1


def stage_blocks(net, x):
    """The pooled output of each stage's last group and the network's features, one block each."""
    blocks = []
    with torch.no_grad():
        for i in range(0, len(x), 64):
            h = x[i:i + 64].contiguous(memory_format=torch.channels_last)
            parts = []
            for k, (_, group) in enumerate(net.features.named_children()):
                h = group(h)
                if k in STAGE_ENDS:
                    parts.append(h.mean((2, 3)))
            parts.append(h.mean((2, 3)))
            blocks.append(parts)
    return [torch.cat([b[j] for b in blocks]) for j in range(len(blocks[0]))]


def scaled(train, test, widths=None):
    mean, spread = train.mean(0), train.std(0)
    spread = torch.maximum(spread, SPREAD_FLOOR * spread.median()) + 1e-6
    a, b = (train - mean) / spread, (test - mean) / spread
    if widths:  # every block the same total variance
        w = torch.cat([torch.full((d,), 1.0 / d ** 0.5) for d in widths]) * (sum(widths) / len(widths)) ** 0.5
        a, b = a * w, b * w
    return a, b


def chosen_l2(f, y, classes, seed=42, copies=1, by_accuracy=False):
    """With copies > 1, f and y hold each image's rows `copies` times, one block after another; an image's copies
    stay in the same fold. With by_accuracy, the middle of the most accurate strengths instead of the strength of the
    lowest held-out cross-entropy (of equal ones the stronger)."""
    folds = [[] for _ in range(5)]
    rnd = random.Random(seed)
    n_images = len(y) // copies
    for c in range(classes):
        idx = (y[:n_images] == c).nonzero().flatten().tolist()
        rnd.shuffle(idx)
        for n, i in enumerate(idx):
            folds[n % 5] += [i + k * n_images for k in range(copies)]
    scores = []
    for l2 in GRID:
        correct = loss = 0
        for k in range(5):
            if not folds[k]:
                continue
            held = torch.tensor(folds[k])
            kept = torch.tensor([i for j in range(5) if j != k for i in folds[j]])
            w, b = peer.fit_logistic(f[kept], y[kept], classes, l2)
            correct += ((f[held] @ w + b).argmax(1) == y[held]).sum().item()
            loss += torch.nn.functional.cross_entropy(f[held] @ w + b, y[held], reduction="sum").item()
        scores.append(correct if by_accuracy else -loss)
    tied = [g for g, s in enumerate(scores) if s == max(scores)]
    return GRID[tied[len(tied) // 2] if by_accuracy else tied[-1]]


def accuracy(train, test, ytr, yte, classes, widths=None, copies=1, by_accuracy=False):
    a, b = scaled(train, test, widths)
    w, bias = peer.fit_logistic(a, ytr, classes, chosen_l2(a, ytr, classes, copies=copies, by_accuracy=by_accuracy))
    return ((b @ w + bias).argmax(1) == yte).float().mean().item()


def main():
    parser = argparse.ArgumentParser()
    known = peer.tasks()
    parser.add_argument("--tasks", default=",".join(known))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--mirror", action="store_true",
                        help="also fit the probe on every stage with each training image's mirror image added")
    parser.add_argument("--l2-by-accuracy", action="store_true",
                        help="also fit the probe on every stage with the middle of the most accurate L2 strengths")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for name in args.tasks.split(","):
        (xtr, ytr), (xte, yte), classes = peer.load_task(name, known)
        net = torch.jit.load(peer.BACKBONE).eval()
        start = time.time()
        btr, bte = stage_blocks(net, xtr), stage_blocks(net, xte)
        last = accuracy(btr[-1], bte[-1], ytr, yte, classes)
        stages = accuracy(torch.cat(btr, 1), torch.cat(bte, 1), ytr, yte, classes)
        balanced = accuracy(torch.cat(btr, 1), torch.cat(bte, 1), ytr, yte, classes, [b.shape[1] for b in btr])
        line = "%-14s last group %.3f  every stage %.3f  balanced %.3f" % (name, last, stages, balanced)
        if args.l2_by_accuracy:
            line += "  every stage, L2 by accuracy %.3f" % accuracy(torch.cat(btr, 1), torch.cat(bte, 1), ytr, yte,
                                                               classes, by_accuracy=True)
        if args.mirror:
            mirrored = stage_blocks(net, xtr.flip(3))
            both = torch.cat([torch.cat(btr, 1), torch.cat(mirrored, 1)])
            line += "  every stage with mirror images %.3f" % accuracy(both, torch.cat(bte, 1), torch.cat([ytr, ytr]),
                                                                   yte, classes, copies=2)
        print(line + "  (%.0f s)" % (time.time() - start), flush=True)


if __name__ == "__main__":
    main()
