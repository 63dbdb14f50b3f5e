#!/usr/bin/env python3
"""Few-shot plans on the quality tasks, several seeds: probe, whole network, vectors only (BatchNorm scale/shift), LP-FT."""
import argparse, os, sys, time, random
import torch
sys.path.insert(0, "/work/main/bench")
import quality_peer as qp

def evaluate(model, test):
    model.eval()
    with torch.no_grad():
        out = torch.cat([torch.softmax(model(test[0][i:i + 64].contiguous(memory_format=torch.channels_last)), 1)
                         for i in range(0, len(test[0]), 64)])
    return out

def train(variant, net, train, classes, seed, lr, epochs=15, batch=16, head_init=None):
    torch.manual_seed(seed)
    head = torch.nn.Linear(1280, classes)
    if head_init is not None:
        head.weight.data.copy_(head_init[0]); head.bias.data.copy_(head_init[1])
    model = torch.nn.Sequential(net, head)
    if variant == "vectors":
        params = [p for n, p in net.named_parameters() if p.dim() == 1] + list(head.parameters())
        for n, p in net.named_parameters():
            p.requires_grad_(p.dim() == 1)
    else:
        params = list(model.parameters())
    opt = torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=1e-4)
    x, y = train
    steps = 0
    for _ in range(epochs):
        model.train()
        if variant == "vectors":
            net.eval()   # statistics stay the pretrained ones
        order = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            xb = x[idx].clone()
            flip = torch.rand(len(idx)) < 0.5
            xb[flip] = xb[flip].flip(3)
            loss = torch.nn.functional.cross_entropy(model(xb.contiguous(memory_format=torch.channels_last)), y[idx])
            opt.zero_grad(); loss.backward(); opt.step()
    return model

def probe_head(net, train, classes):
    # one scale for every feature (so that a fine-tune can start from it); L2 by 5-fold CV like the peer
    f = qp.features(net, train[0]); y = train[1]
    best = None
    folds = [[] for _ in range(5)]
    for c in range(classes):
        idx = (y == c).nonzero().flatten().tolist(); random.Random(c).shuffle(idx)
        for n, i in enumerate(idx): folds[n % 5].append(i)
    for l2 in (1e-4, 1e-3, 1e-2, 1e-1):
        correct = 0
        for k in range(5):
            held = torch.tensor(folds[k]); kept = torch.tensor([i for j in range(5) if j != k for i in folds[j]])
            w, b = qp.fit_logistic(f[kept], y[kept], classes, l2)
            correct += ((f[held] @ w + b).argmax(1) == y[held]).sum().item()
        if best is None or correct > best[0]: best = (correct, l2)
    w, b = qp.fit_logistic(f, y, classes, best[1])
    return w.t().contiguous(), b

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks"); ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--variants", default="full@0.01,vectors@0.01,vectors@0.1,lpft@0.01")
    ap.add_argument("--std", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(os.cpu_count())
    known = qp.tasks()
    for name in a.tasks.split(","):
        folder, per_class, only = known[name]
        tr, te, classes = qp.load(os.path.join(qp.HERE, "data", folder), per_class, only)
        net = torch.jit.load(qp.BACKBONE)
        t0 = time.time(); w, b = probe_head(net, tr, classes)
        fte = qp.features(net, te[0]); pp = torch.softmax(fte @ w.t() + b, 1)
        torch.save({"labels": te[1], "probe": pp}, "/tmp/study/%s-probe.pt" % name)
        print("%-12s %-14s seed -  test %.3f  %.0f s" % (name, "probe", (pp.argmax(1) == te[1]).float().mean(), time.time() - t0), flush=True)
        if a.std: print("%-12s %-14s seed -  test %.3f" % (name, "probe-std", qp.probe(net, tr, te, classes)), flush=True)
        for seed in map(int, a.seeds.split(",")):
            for v in a.variants.split(","):
                kind, lr = v.split("@"); lr = float(lr)
                net = torch.jit.load(qp.BACKBONE)
                t0 = time.time()
                m = train("vectors" if kind in ("vectors", "lpvec") else "full", net, tr, classes, seed, lr,
                          head_init=(w, b) if kind in ("lpft", "lpvec") else None)
                p = evaluate(m, te)
                torch.save(p, "/tmp/study/%s-%s-%d.pt" % (name, v, seed))
                print("%-12s %-14s seed %d  test %.3f  %.0f s" % (name, v, seed, (p.argmax(1) == te[1]).float().mean(), time.time() - t0), flush=True)

main()
