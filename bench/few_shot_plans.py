#!/usr/bin/env python3
"""Few-shot plans side by side in plain PyTorch, over several seeds, on the tasks of bench/data/tasks.csv:
the peer's recipes from quality_peer.py, varied in what trains.

  probe         the frozen backbone's features, a logistic regression on them (L-BFGS, L2 by 5-fold
                cross-validation), with one scale for every feature; `--std` adds the peer's standardised probe
  full@LR       every weight trains (SGD LR, momentum 0.9, batch 16, 15 epochs, flips, BatchNorm in training mode)
  vectors@LR    BitFit: only the backbone's one-dimensional parameters (BatchNorm scales and shifts, biases) and the
                head train; BatchNorm keeps the pretrained statistics
  lpft@LR       `full` starting from the probe's head (LP-FT)
  lpvec@LR      `vectors` starting from the probe's head
  vraw@LR       `vectors` with the head on every stage's pooled output (stage_probe.py's 1,656 values), as they come
  vstages@LR    `vraw` with each feature shifted and scaled to unit variance over the training images by the pretrained
                network (fixed before training), then all scaled by the last group's median spread, so that the rate
                means what it means for `vectors`

`--wise` also scores the network whose weights lie halfway between the probe's and each trained one's (WiSE-FT).
`--with-probe` also scores each plan's probabilities averaged with each probe's (an ensemble of the two).

Each line: task, plan, seed, test accuracy, seconds. A plan's spread over seeds is what a single run cannot show.

usage: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 /usr/bin/python3 bench/few_shot_plans.py --tasks photos-2,shoes-2 \\
           [--seeds 1,2,3] [--variants full@0.01,vectors@0.01] [--std]
Run it alone: two PyTorch processes on the same cores slow each other down many times over.
"""
import argparse, os, time
import torch
import quality_peer as qp
import stage_probe as sp


class StageHead(torch.nn.Module):
    """The backbone read at every stage end, optionally each feature standardised by the pretrained network's
    statistics over the training images, then a linear head."""

    def __init__(self, net, images, classes, standardise):
        super().__init__()
        self.net = net
        with torch.no_grad():
            f = torch.cat([self.pooled(images[i:i + 64].contiguous(memory_format=torch.channels_last))
                           for i in range(0, len(images), 64)])
            spread = f.std(0)
            floored = torch.maximum(spread, sp.SPREAD_FLOOR * spread.median()) + 1e-6
            last = spread[-1280:].median()
            self.register_buffer("mean", f.mean(0) if standardise else torch.zeros(f.shape[1]))
            self.register_buffer("spread", floored / last if standardise else torch.ones(f.shape[1]))
        self.head = torch.nn.Linear(f.shape[1], classes)

    def pooled(self, x):
        parts, h = [], x
        for k, (_, group) in enumerate(self.net.features.named_children()):
            h = group(h)
            if k in sp.STAGE_ENDS:
                parts.append(h.mean((2, 3)))
        parts.append(h.mean((2, 3)))
        return torch.cat(parts, 1)

    def forward(self, x):
        return self.head((self.pooled(x) - self.mean) / self.spread)


def evaluate(model, test):
    model.eval()
    with torch.no_grad():
        return torch.cat([torch.softmax(model(test[0][i:i + 64].contiguous(memory_format=torch.channels_last)), 1)
                          for i in range(0, len(test[0]), 64)])


def mirrored_loss(model, x, y, idx):
    """The mean cross-entropy on the images idx, each mirrored at random half the time."""
    xb = x[idx].clone()
    flip = torch.rand(len(idx)) < 0.5
    xb[flip] = xb[flip].flip(3)
    return torch.nn.functional.cross_entropy(model(xb.contiguous(memory_format=torch.channels_last)), y[idx])


def train(vectors_only, net, data, classes, seed, lr, epochs=15, batch=16, head_init=None, stages=None):
    torch.manual_seed(seed)
    if stages is None:
        head = torch.nn.Linear(1280, classes)
        if head_init is not None:
            head.weight.data.copy_(head_init[0])
            head.bias.data.copy_(head_init[1])
        model = torch.nn.Sequential(net, head)
    else:
        net.eval()
        model = StageHead(net, data[0], classes, stages)
        head = model.head
    if vectors_only:
        for p in net.parameters():
            p.requires_grad_(p.dim() == 1)
        params = [p for p in net.parameters() if p.dim() == 1] + list(head.parameters())
    else:
        params = list(model.parameters())
    opt = torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=1e-4)
    x, y = data
    for _ in range(epochs):
        model.train()
        if vectors_only:
            net.eval()  # the pretrained statistics stay
        order = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            loss = mirrored_loss(model, x, y, order[i:i + batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


def probe_head(net, data, classes):
    """A probe on unscaled features (so that a fine-tune can start from it), L2 by 5-fold cross-validation."""
    w, b = qp.fit_cross_validated(qp.features(net, data[0]), data[1], classes, grid=(1e-4, 1e-3, 1e-2, 1e-1))
    return w.t().contiguous(), b


def standardised_probe(net, data, test, classes):
    """The peer's probe (each feature to unit variance, as Unfreeze's probe): its scores on the test images."""
    ftr, fte = qp.features(net, data[0]), qp.features(net, test[0])
    mean, std = ftr.mean(0), ftr.std(0) + 1e-6
    w, b = qp.fit_cross_validated((ftr - mean) / std, data[1], classes)
    return (fte - mean) / std @ w + b


def midpoint(model, head_w, head_b, alpha=0.5):
    """WiSE-FT (Wortsman et al. 2022): the weights halfway between the pretrained backbone with the probe's head and
    the trained model, one network."""
    net = torch.jit.load(qp.BACKBONE)
    head = torch.nn.Linear(head_w.shape[1], head_w.shape[0])
    with torch.no_grad():
        trained = dict(model[0].state_dict())
        for key, value in net.state_dict().items():
            if value.is_floating_point():
                value.copy_((1 - alpha) * value + alpha * trained[key])
        head.weight.copy_((1 - alpha) * head_w + alpha * model[1].weight)
        head.bias.copy_((1 - alpha) * head_b + alpha * model[1].bias)
    return torch.nn.Sequential(net, head)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", required=True)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--variants", default="full@0.01,vectors@0.01")
    parser.add_argument("--std", action="store_true")
    parser.add_argument("--wise", action="store_true",
                        help="also score the weights halfway between the probe's network and each trained one")
    parser.add_argument("--with-probe", action="store_true",
                        help="also score each trained plan's probabilities averaged with the probe's")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    known = qp.tasks()
    for name in args.tasks.split(","):
        train_set, test_set, classes = qp.load_task(name, known)
        net = torch.jit.load(qp.BACKBONE)
        start = time.time()
        w, b = probe_head(net, train_set, classes)
        probed = qp.features(net, test_set[0]) @ w.t() + b
        print("%-12s %-14s seed -  test %.3f  %.0f s" % (name, "probe", (probed.argmax(1) == test_set[1]).float().mean(),
                                                       time.time() - start), flush=True)
        if args.std or args.with_probe:
            probed_std = standardised_probe(net, train_set, test_set, classes)
            print("%-12s %-14s seed -  test %.3f" % (name, "probe-std", (probed_std.argmax(1) == test_set[1]).float().mean()),
                  flush=True)
        for seed in map(int, args.seeds.split(",")):
            for variant in args.variants.split(","):
                kind, lr = variant.split("@")
                start = time.time()
                model = train(kind in ("vectors", "lpvec", "vraw", "vstages"), torch.jit.load(qp.BACKBONE), train_set,
                              classes, seed, float(lr), head_init=(w, b) if kind in ("lpft", "lpvec") else None,
                              stages={"vraw": False, "vstages": True}.get(kind))
                p = evaluate(model, test_set)
                print("%-12s %-14s seed %d  test %.3f  %.0f s" % (name, variant, seed, (p.argmax(1) == test_set[1]).float().mean(),
                                                                time.time() - start), flush=True)
                if args.wise:
                    q = evaluate(midpoint(model, w, b), test_set)
                    print("%-12s %-14s seed %d  test %.3f" % (name, variant + "+wise", seed,
                                                              (q.argmax(1) == test_set[1]).float().mean()), flush=True)
                if args.with_probe:
                    for label, scores in (("+probe", probed), ("+probe-std", probed_std)):
                        both = (p + torch.softmax(scores, 1)) / 2
                        print("%-12s %-14s seed %d  test %.3f" % (name, variant + label, seed,
                                                                  (both.argmax(1) == test_set[1]).float().mean()), flush=True)


if __name__ == "__main__":
    main()
