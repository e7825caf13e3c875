#!/usr/bin/env python3
"""Times the HRNet reference's forward pass and train step on this machine, now: the figures issue
4's model targets were taken from, measured again beside ModelBenchmark's, since this machine's
speed moves by 15-30 % over a day (docs/PERFORMANCE.md, "The same build in two host states").

Usage (Debian 12 python3-torch and PyYAML; the system python, /usr/bin/python3):

  git clone -b pytorch-v1.1 https://github.com/HRNet/HRNet-Semantic-Segmentation REF
  OMP_NUM_THREADS=2 /usr/bin/python3 docs/tools/reference_step_speed.py --reference REF \\
      [--header] VARIANT HEIGHT WIDTH BATCH [ITERATIONS=7] [WARMUP=3]

VARIANT: w18_small_v1, w18_small_v2 or w48 (the reference's Cityscapes experiment files, 19
classes). What runs is the reference's own code from REF: lib/models/seg_hrnet.py's
get_seg_model (initialised as the reference does, no pretrained weights) and lib/core/
criterion.py's CrossEntropy (ignore 255, logits upsampled to the label size inside the loss).
The forward pass is in eval mode without gradients; a train step is train mode: forward, loss,
backward and torch.optim.SGD with the experiment's LR, momentum 0.9 and weight decay. Inputs are
float32 normal noise, labels uniform over the 19 classes, two torch threads unless --threads.
Each figure is the median over ITERATIONS after WARMUP; the row has ModelBenchmark's first
columns so the two tables line up, and the process's peak RSS.
"""
import argparse
import os
import resource
import statistics
import time

import torch
import yaml

import reference_code

EXPERIMENTS = {
    "w18_small_v1": "seg_hrnet_w18_small_v1_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484.yaml",
    "w18_small_v2": "seg_hrnet_w18_small_v2_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484.yaml",
    "w48": "seg_hrnet_w48_train_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484.yaml",
}
FORMAT = "| {:<13} | {:<9} | {:>5} | {:>7} | {:>10} | {:>13} | {:>8} | {:>9} |"


def median_ms(action, iterations, warmup):
    for _ in range(warmup):
        action()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", required=True, help="checkout of HRNet-Semantic-Segmentation, pytorch-v1.1")
    parser.add_argument("--header", action="store_true", help="print the table's header first")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("variant", choices=sorted(EXPERIMENTS))
    parser.add_argument("height", type=int)
    parser.add_argument("width", type=int)
    parser.add_argument("batch", type=int)
    parser.add_argument("iterations", type=int, nargs="?", default=7)
    parser.add_argument("warmup", type=int, nargs="?", default=3)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    seg_hrnet = reference_code.load(args.reference, "models", "seg_hrnet.py")
    criterion_module = reference_code.load(args.reference, "core", "criterion.py")
    with open(os.path.join(args.reference, "experiments", "cityscapes", EXPERIMENTS[args.variant])) as f:
        cfg = yaml.safe_load(f)
    cfg["DATASET"]["NUM_CLASSES"] = 19
    cfg["MODEL"]["PRETRAINED"] = ""
    model = seg_hrnet.get_seg_model(reference_code.ConfigNode.wrap(cfg))
    criterion = criterion_module.CrossEntropy(ignore_label=255)
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg["TRAIN"]["LR"], momentum=cfg["TRAIN"]["MOMENTUM"],
                                weight_decay=cfg["TRAIN"]["WD"], nesterov=cfg["TRAIN"]["NESTEROV"])

    images = torch.randn(args.batch, 3, args.height, args.width)
    labels = torch.randint(0, 19, (args.batch, args.height, args.width))

    def forward():
        model.eval()
        with torch.no_grad():
            model(images)

    def train_step():
        model.train()
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()

    forward_ms = median_ms(forward, args.iterations, args.warmup)
    train_ms = median_ms(train_step, args.iterations, args.warmup)
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
    if args.header:
        print(FORMAT.format("variant", "crop", "batch", "threads", "forward ms", "train-step ms", "images/s",
                            "peak RSS"))
        print(FORMAT.format(*["---"] * 8))
    print(FORMAT.format(args.variant, f"{args.height}x{args.width}", args.batch, args.threads, f"{forward_ms:.0f}",
                        f"{train_ms:.0f}", f"{args.batch * 1000 / train_ms:.2f}", f"{peak_gib:.2f} GiB"))


if __name__ == "__main__":
    main()
