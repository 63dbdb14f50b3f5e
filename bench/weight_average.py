#!/usr/bin/env python3
"""Does averaging a fine-tune's weights over its last epochs (SWA, Izmailov et al. 2018) make tiny-data fine-tunes
better or steadier? Each run trains as Unfreeze's final run does (SGD 0.01, momentum 0.9, weight decay 1e-4, batch 16,
about 400 steps within 10 to 50 epochs, 5 % warm-up then cosine to zero, the last shorter batch weighted by its share,
mirror images) and is scored three ways on the test images, from the same run:

  last      its last weights (what Unfreeze keeps today)
  avg-half  the mean of its weights at the end of each epoch of the second half
  avg-qtr   the same over the last quarter

`full` trains every weight with BatchNorm in training mode: the averaged network's statistics are measured again over
the training images. `vectors` (BitFit) trains the one-dimensional parameters and the head and keeps the pretrained
statistics. Each line: task, plan, seed, the three test accuracies, seconds.

usage: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 /usr/bin/python3 bench/weight_average.py \\
           --runs shoes-2:full,photos-4-13:vectors [--seeds 1,2,3]
Run it alone: two PyTorch processes on the same cores slow each other down many times over.
"""
import argparse, math, os, time
import torch
import few_shot_plans as fsp
import quality_peer as qp

BATCH = 16
TARGET_STEPS, MIN_EPOCHS, MAX_EPOCHS = 400, 10, 50
WARMUP_SHARE = 0.05


def epochs_for(images):
    steps = math.ceil(images / BATCH)
    return max(MIN_EPOCHS, min(MAX_EPOCHS, math.ceil(TARGET_STEPS / steps)))


def rate_at(step, total, base=0.01):
    warmup = min(1.0, (step + 1.0) / max(1, round(total * WARMUP_SHARE)))
    return warmup * base * 0.5 * (1 + math.cos(math.pi * min(1.0, step / total)))


def train_as_final_run(model, opt, data, kept_statistics=None, after_backward=None, after_epoch=None):
    """Trains as Unfreeze's final run does: epochs_for the images, warm-up and cosine, mirror images, the shorter batch
    weighted by its share. kept_statistics: a module whose BatchNorm statistics stay the pretrained ones;
    after_backward() runs before each step, after_epoch(epoch) after each epoch."""
    x, y = data
    epochs = epochs_for(len(x))
    total = epochs * math.ceil(len(x) / BATCH)
    step = 0
    for epoch in range(epochs):
        model.train()
        if kept_statistics is not None:
            kept_statistics.eval()
        order = torch.randperm(len(x))
        for i in range(0, len(x), BATCH):
            idx = order[i:i + BATCH]
            loss = fsp.mirrored_loss(model, x, y, idx)
            for g in opt.param_groups:
                g["lr"] = rate_at(step, total)
            opt.zero_grad()
            (loss * len(idx) / BATCH).backward()  # a shorter batch weighs by its images, as Unfreeze's EpochSteps
            if after_backward:
                after_backward()
            opt.step()
            step += 1
        if after_epoch:
            after_epoch(epoch)


def accuracy(model, test):
    return (fsp.evaluate(model, test).argmax(1) == test[1]).float().mean().item()


def measure_statistics(model, x):
    """BatchNorm's running statistics measured again over the training images, as PyTorch's SWA `update_bn` does. The
    scripted backbone's momentum is a constant 0.1, so the statistics start at zero, take several passes, and are
    divided by the share of the running mean that the passes filled (1 - 0.9^k): a weighted mean of batch statistics."""
    norms = [m for m in model.modules() if getattr(m, "original_name", type(m).__name__) == "BatchNorm2d"]
    for m in norms:
        m.running_mean.zero_()
        m.running_var.zero_()
    model.train()
    updates = 0
    with torch.no_grad():
        while updates < 30:
            for i in range(0, len(x), BATCH):
                model(x[i:i + BATCH].contiguous(memory_format=torch.channels_last))
                updates += 1
    filled = 1 - 0.9 ** updates
    for m in norms:
        m.running_mean.div_(filled)
        m.running_var.div_(filled)


def run(plan, data, test, classes, seed):
    torch.manual_seed(seed)
    net = torch.jit.load(qp.BACKBONE)
    model = torch.nn.Sequential(net, torch.nn.Linear(1280, classes))
    vectors = plan == "vectors"
    if vectors:
        for p in net.parameters():
            p.requires_grad_(p.dim() == 1)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=0.01, momentum=0.9, weight_decay=1e-4)
    x, y = data
    epochs = epochs_for(len(x))
    windows = {"avg-half": epochs // 2, "avg-qtr": epochs - epochs // 4}
    sums = {name: None for name in windows}
    counts = {name: 0 for name in windows}

    def add_to_averages(epoch):
        for name, start in windows.items():
            if epoch >= start:
                state = {k: v.detach().clone().double() for k, v in model.state_dict().items() if v.is_floating_point()}
                sums[name] = state if sums[name] is None else {k: sums[name][k] + state[k] for k in state}
                counts[name] += 1
    train_as_final_run(model, opt, data, kept_statistics=net if vectors else None, after_epoch=add_to_averages)
    scores = {"last": accuracy(model, test)}
    last_state = {k: v.clone() for k, v in model.state_dict().items()}
    for name in windows:
        averaged = {k: (v / counts[name]).float() for k, v in sums[name].items()}
        model.load_state_dict(averaged, strict=False)
        if not vectors:
            measure_statistics(model, x)
        scores[name] = accuracy(model, test)
        model.load_state_dict(last_state)
    return scores, epochs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", required=True, help="task:plan pairs, plan full or vectors")
    parser.add_argument("--seeds", default="1,2,3")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    known = qp.tasks()
    for pair in args.runs.split(","):
        name, plan = pair.split(":")
        train_set, test_set, classes = qp.load_task(name, known)
        for seed in map(int, args.seeds.split(",")):
            start = time.time()
            scores, epochs = run(plan, train_set, test_set, classes, seed)
            print("%-12s %-8s seed %d  last %.3f  avg-half %.3f  avg-qtr %.3f  %d epochs  %.0f s" % (
                name, plan, seed, scores["last"], scores["avg-half"], scores["avg-qtr"], epochs, time.time() - start),
                flush=True)


if __name__ == "__main__":
    main()
