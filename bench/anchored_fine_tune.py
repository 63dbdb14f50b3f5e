#!/usr/bin/env python3
"""Does anchoring the whole network's fine-tune to its pretrained weights (L2-SP, Li et al. 2018) keep the probe's
quality where the probe leads (shoes-2, terrain-13, photos-4-16) without losing the whole network's lead elsewhere?
Each run trains as `weight_average.py` does (Unfreeze's final run: SGD 0.01, momentum 0.9, batch 16, about 400 steps
within 10 to 50 epochs, 5 % warm-up then cosine to zero, the shorter batch weighted by its share, mirror images), with
the backbone's weight decay replaced by a pull of strength alpha towards its pretrained weights (the head keeps its
weight decay of 1e-4). alpha 0 with weight decay is the plain run, the same to the last digit as `weight_average.py`'s
"last" at the same seed. Each line: task, alpha, seed, test accuracy, seconds.

usage: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 /usr/bin/python3 bench/anchored_fine_tune.py \\
           --tasks shoes-2,photos-4-13 --alphas 0,0.1 [--seeds 1,2]
Run it alone: two PyTorch processes on the same cores slow each other down many times over.
"""
import argparse, os, time
import torch
import quality_peer as qp
import weight_average as wa


def run(data, test, classes, seed, alpha):
    torch.manual_seed(seed)
    net = torch.jit.load(qp.BACKBONE)
    head = torch.nn.Linear(1280, classes)
    model = torch.nn.Sequential(net, head)
    anchors = [(p, p.detach().clone()) for p in net.parameters()]
    if alpha == 0:  # the plain run: weight decay on every weight
        groups = [{"params": list(model.parameters()), "weight_decay": 1e-4}]
    else:
        groups = [{"params": list(net.parameters()), "weight_decay": 0.0},
                  {"params": list(head.parameters()), "weight_decay": 1e-4}]
    opt = torch.optim.SGD(groups, lr=0.01, momentum=0.9)

    def pull_towards_the_start():
        with torch.no_grad():
            for p, p0 in anchors:
                p.grad.add_(p - p0, alpha=alpha)  # the gradient of alpha/2 * ||w - w0||^2
    wa.train_as_final_run(model, opt, data, after_backward=pull_towards_the_start if alpha > 0 else None)
    return wa.accuracy(model, test)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", required=True)
    parser.add_argument("--alphas", default="0.1")
    parser.add_argument("--seeds", default="1,2")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    known = qp.tasks()
    for name in args.tasks.split(","):
        train_set, test_set, classes = qp.load_task(name, known)
        for alpha in map(float, args.alphas.split(",")):
            for seed in map(int, args.seeds.split(",")):
                start = time.time()
                score = run(train_set, test_set, classes, seed, alpha)
                print("%-12s alpha %-5g seed %d  %.3f  %.0f s" % (name, alpha, seed, score, time.time() - start),
                      flush=True)


if __name__ == "__main__":
    main()
