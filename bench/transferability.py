#!/usr/bin/env python3
"""Scores computed before any training from the bundled MobileNetV2's frozen features, to see whether one of them
tells the tasks where the linear probe beats a fine-tune from those where it trails (the issue of the automatic
plan asks for a cheap transferability score, kNN or LogME on cached features, measured before it is adopted).

For every task of bench/data/tasks.csv, on the training images only (the features Unfreeze's probe reads: the pooled
output of the last group of every stage, each feature scaled as the probe scales it):
  probe_cv       the probe's stratified 5-fold accuracy at its chosen L2 strength (as `stage_probe.py` fits it)
  probe_cv_norm  the same with chance taken out: (accuracy - 1/K) / (1 - 1/K)
  probe_cv_nll   its mean held-out cross-entropy, divided by ln K (1 = no better than a uniform guess)
  knn            leave-one-out accuracy of the 5 nearest training images (cosine), chance taken out as above
  logme          LogME (You et al. 2021): the log evidence per image of a Bayesian linear model from the features
                 to the one-hot labels, the mean over the classes, on the last group's 1,280 features
  fisher         the between-class share of the variance of the scaled features (a separability ratio)

usage: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 /usr/bin/python3 bench/transferability.py [--tasks a,b] > scores.csv
Run with Debian's python3-torch (1.13) and python3-pil; prints one CSV line per task.
"""
import argparse, math, os, random
import torch
import quality_peer as peer
import stage_probe as sp


def folds_of(y, classes, seed=42):
    folds = [[] for _ in range(5)]
    rnd = random.Random(seed)
    for c in range(classes):
        idx = (y == c).nonzero().flatten().tolist()
        rnd.shuffle(idx)
        for n, i in enumerate(idx):
            folds[n % 5].append(i)
    return [f for f in folds if f]


def probe_cv(f, y, classes):
    """Accuracy and mean cross-entropy over the held-out folds, at the L2 strength the probe chooses."""
    l2 = sp.chosen_l2(f, y, classes)
    correct = loss = 0.0
    folds = folds_of(y, classes)
    for k, held in enumerate(folds):
        kept = torch.tensor([i for j, fold in enumerate(folds) if j != k for i in fold])
        held = torch.tensor(held)
        w, b = peer.fit_logistic(f[kept], y[kept], classes, l2)
        logits = f[held] @ w + b
        correct += (logits.argmax(1) == y[held]).sum().item()
        loss += torch.nn.functional.cross_entropy(logits, y[held], reduction="sum").item()
    return correct / len(y), loss / len(y)


def knn(f, y, k=5):
    g = torch.nn.functional.normalize(f, dim=1)
    similarity = g @ g.T
    similarity.fill_diagonal_(-math.inf)
    nearest = similarity.topk(min(k, len(y) - 1), dim=1).indices
    votes = torch.nn.functional.one_hot(y[nearest], int(y.max()) + 1).sum(1).double()
    votes += 1e-3 * torch.nn.functional.one_hot(y[nearest[:, 0]], int(y.max()) + 1)  # ties go to the nearest
    return (votes.argmax(1) == y).double().mean().item()


def logme(f, y, classes):
    """The reference algorithm's fixed point for each class's one-hot column, on the eigen-decomposition of F^T F."""
    f = f.double()
    n, d = f.shape
    s, v = torch.linalg.eigh(f.T @ f)
    s = s.clamp(min=0)
    evidences = []
    for c in range(classes):
        t = (y == c).double()
        projected = v.T @ (f.T @ t)
        alpha, beta = 1.0, 1.0
        for _ in range(30):
            gamma = (beta * s / (alpha + beta * s)).sum()
            m = v @ (beta * projected / (alpha + beta * s))
            alpha_de = (m * m).sum()
            beta_de = ((t - f @ m) ** 2).sum()
            new_alpha, new_beta = gamma / (alpha_de + 1e-5), (n - gamma) / (beta_de + 1e-5)
            done = abs(new_alpha / new_beta - alpha / beta) / (alpha / beta) < 0.01
            alpha, beta = new_alpha.item(), new_beta.item()
            if done:
                break
        evidence = (d / 2 * math.log(alpha) + n / 2 * math.log(beta) - 0.5 * torch.log(alpha + beta * s).sum().item()
                    - beta / 2 * beta_de.item() - alpha / 2 * alpha_de.item() - n / 2 * math.log(2 * math.pi))
        evidences.append(evidence / n)
    return sum(evidences) / classes


def fisher(f, y, classes):
    mean = f.mean(0)
    between = sum(((f[y == c].mean(0) - mean) ** 2).sum().item() * (y == c).sum().item() for c in range(classes))
    return between / ((f - mean) ** 2).sum().item()


def main():
    parser = argparse.ArgumentParser()
    known = peer.tasks()
    parser.add_argument("--tasks", default=",".join(known))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print("task,classes,images,probe_cv,probe_cv_norm,probe_cv_nll,knn,logme,fisher", flush=True)
    for name in args.tasks.split(","):
        (xtr, ytr), _, classes = peer.load_task(name, known)
        net = torch.jit.load(peer.BACKBONE).eval()
        blocks = sp.stage_blocks(net, xtr)
        every, _ = sp.scaled(torch.cat(blocks, 1), torch.cat(blocks, 1))
        chance = 1.0 / classes
        accuracy, nll = probe_cv(every, ytr, classes)
        print("%s,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f" % (
            name, classes, len(ytr), accuracy, (accuracy - chance) / (1 - chance), nll / math.log(classes),
            (knn(every, ytr) - chance) / (1 - chance), logme(blocks[-1], ytr, classes), fisher(every, ytr, classes)),
            flush=True)


if __name__ == "__main__":
    main()
