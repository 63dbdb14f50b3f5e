#!/usr/bin/env python3
"""The peer of `unfreeze bench quality`: what a careful practitioner writes in plain PyTorch on the
same backbone file and the same data, to put beside Unfreeze's default plan.

Two recipes per task, scored once on the task's test/ images:
  probe     features of the frozen backbone, a multinomial logistic regression trained to
            convergence (L-BFGS), its L2 strength chosen by 5-fold cross-validation on the training images
  finetune  the whole network trained: SGD 0.01, momentum 0.9, batch 16, 15 epochs, random flips,
            BatchNorm in training mode

usage: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 python3 bench/quality_peer.py [--tasks a,b] [--skip-finetune] [--seeds 0,1,2]
Run with Debian's python3-torch (1.13) and python3-pil; prints one line per task and recipe.
"""
import argparse, csv, os, random, time
import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
BACKBONE = os.path.join(HERE, "..", "assets", "models", "mobilenet_v2", "mobilenet_v2_backbone.pt")


def tasks():
    """The tasks of bench/data/tasks.csv (which `unfreeze bench quality` reads too): name -> (folder, per class, classes)."""
    with open(os.path.join(HERE, "data", "tasks.csv")) as f:
        return {row["name"]: (row["folder"], int(row["per_class"]) or None,
                              [c for c in row["classes"].split(";") if c]) for row in csv.DictReader(f)}


def load_task(name, known=None):
    """A task of tasks.csv by its name: its training images (x, y), its test images (x, y) and its class count."""
    folder, per_class, only = (known or tasks())[name]
    return load(os.path.join(HERE, "data", folder), per_class, only)


def load(folder, per_class, only=None):
    classes = sorted(c for c in os.listdir(os.path.join(folder, "train")) if not only or c in only)
    def part(name, limit):
        xs, ys = [], []
        for y, c in enumerate(classes):
            files = sorted(os.listdir(os.path.join(folder, name, c)))
            for f in files[:limit] if limit else files:
                im = Image.open(os.path.join(folder, name, c, f)).convert("RGB").resize((224, 224), Image.BILINEAR)
                xs.append(torch.from_numpy(np.asarray(im, dtype=np.float32) / 255.0).permute(2, 0, 1))
                ys.append(y)
        return torch.stack(xs), torch.tensor(ys)
    return part("train", per_class), part("test", None), len(classes)


def features(net, x):
    net.eval()
    with torch.no_grad():
        return torch.cat([net(x[i:i + 64].contiguous(memory_format=torch.channels_last)) for i in range(0, len(x), 64)])


def fit_logistic(f, y, classes, l2):
    w = torch.zeros(f.shape[1], classes, requires_grad=True)
    b = torch.zeros(classes, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], lr=1, max_iter=500, tolerance_grad=1e-6, history_size=20, line_search_fn="strong_wolfe")
    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(f @ w + b, y) + l2 * (w * w).sum()
        loss.backward()
        return loss
    opt.step(closure)
    return w.detach(), b.detach()


def fit_cross_validated(f, y, classes, grid=(1e-4, 1e-3, 1e-2, 1e-1, 1.0)):
    """A logistic regression on features f, its L2 strength the best of grid by stratified 5-fold cross-validation."""
    folds = [[] for _ in range(5)]
    for c in range(classes):
        idx = (y == c).nonzero().flatten().tolist()
        random.Random(c).shuffle(idx)
        for n, i in enumerate(idx):
            folds[n % 5].append(i)
    best = None
    for l2 in grid:
        correct = 0
        for k in range(5):
            if not folds[k]:  # under 5 images a class the last folds hold none
                continue
            held = torch.tensor(folds[k], dtype=torch.long)
            kept = torch.tensor([i for j in range(5) if j != k for i in folds[j]], dtype=torch.long)
            w, b = fit_logistic(f[kept], y[kept], classes, l2)
            correct += ((f[held] @ w + b).argmax(1) == y[held]).sum().item()
        if best is None or correct > best[0]:
            best = (correct, l2)
    return fit_logistic(f, y, classes, best[1])


def probe(net, train, test, classes):
    ftr, fte = features(net, train[0]), features(net, test[0])
    mean, std = ftr.mean(0), ftr.std(0) + 1e-6
    ftr, fte = (ftr - mean) / std, (fte - mean) / std
    w, b = fit_cross_validated(ftr, train[1], classes)
    return ((fte @ w + b).argmax(1) == test[1]).float().mean().item()


def finetune(net, train, test, classes, epochs=15, lr=0.01, batch=16, seed=0):
    torch.manual_seed(seed)
    head = torch.nn.Linear(1280, classes)
    model = torch.nn.Sequential(net, head)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=1e-4)
    x, y = train
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            xb = x[idx]
            flip = torch.rand(len(idx)) < 0.5
            xb[flip] = xb[flip].flip(3)
            loss = torch.nn.functional.cross_entropy(model(xb.contiguous(memory_format=torch.channels_last)), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        predicted = torch.cat([model(test[0][i:i + 64].contiguous(memory_format=torch.channels_last)).argmax(1)
                               for i in range(0, len(test[0]), 64)])
    return (predicted == test[1]).float().mean().item()


def main():
    parser = argparse.ArgumentParser()
    known = tasks()
    parser.add_argument("--tasks", default=",".join(known))
    parser.add_argument("--skip-finetune", action="store_true")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--seeds", default="0", help="the fine-tune once per seed (the probe has none: it is a convex fit)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for name in args.tasks.split(","):
        train, test, classes = load_task(name, known)
        recipes = [("probe", probe, None)]
        if not args.skip_finetune:
            recipes += [("finetune", lambda *a, seed=s: finetune(*a, seed=seed), s) for s in map(int, args.seeds.split(","))]
        for recipe, run, seed in recipes:
            net = torch.jit.load(BACKBONE)
            start = time.time()
            accuracy = run(net, train, test, classes)
            print("%-12s %-9s %s test-accuracy %.3f  (%d train / %d test images, %.0f s)"
                  % (name, recipe, "seed %-3d" % seed if seed is not None else "        ", accuracy, len(train[1]),
                     len(test[1]), time.time() - start), flush=True)


if __name__ == "__main__":
    main()
