#!/usr/bin/env python3
"""Times what bench/OwnHeadBenchmark times, in PyTorch: one train step of HRNetV2's segmentation head
plus the loss, from fixed random branch outputs of the last stage (branch b at 1/2^(b+2) of the
image; widths of W18-small-v1 16, 32, 64, 128 or W48 48, 96, 192, 384). Head: branches 1..3
upsampled bilinearly to branch 0's size, concatenated along channels, 1x1 conv with bias +
BatchNorm2d (eps 1e-5, momentum 0.1) + ReLU, 1x1 conv with bias to 19 classes. Loss: the logits
upsampled bilinearly to the label size, cross-entropy with the Cityscapes class weights and ignore
label 255 (about a tenth of the random labels). A step is: forward in train mode, loss, backward
(every branch input requiring its gradient), plain SGD.
Written for this project (not taken from the HRNet reference code); NCHW as the reference runs.

usage: python3 docs/tools/ownhead_speed.py [VARIANT=w18_small_v1|w48] [HEIGHT=256] [WIDTH=512] [BATCH=2]
       [ITERS=15] [WARMUP=20]
Prints the median wall ms and process CPU ms per step.
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

WIDTHS = {"w18_small_v1": [16, 32, 64, 128], "w48": [48, 96, 192, 384]}
CITYSCAPES_WEIGHTS = [0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539,
                      0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507]
CLASSES = 19


def halve(size):
    """Output size of a 3x3 stride-2 convolution with padding 1."""
    return (size + 2 - 3) // 2 + 1


class Head(nn.Module):
    def __init__(self, channels):
        super().__init__()
        total = sum(channels)
        self.layers = nn.Sequential(nn.Conv2d(total, total, 1, bias=True),
                                    nn.BatchNorm2d(total, eps=1e-5, momentum=0.1),
                                    nn.ReLU(),
                                    nn.Conv2d(total, CLASSES, 1, bias=True))

    def forward(self, branches):
        size = branches[0].shape[2:]
        parts = [branches[0]] + [F.interpolate(b, size=size, mode="bilinear", align_corners=False)
                                 for b in branches[1:]]
        return self.layers(torch.cat(parts, 1))


def main():
    args = sys.argv[1:]
    variant = args[0] if len(args) > 0 else "w18_small_v1"
    height = int(args[1]) if len(args) > 1 else 256
    width = int(args[2]) if len(args) > 2 else 512
    batch = int(args[3]) if len(args) > 3 else 2
    iters = int(args[4]) if len(args) > 4 else 15
    warmup = int(args[5]) if len(args) > 5 else 20
    torch.set_num_threads(2)
    torch.manual_seed(0)
    channels = WIDTHS[variant]
    h, w = halve(halve(height)), halve(halve(width))
    branches = []
    for c in channels:
        branches.append(torch.randn(batch, c, h, w, requires_grad=True))
        h, w = halve(h), halve(w)
    labels = torch.randint(0, CLASSES, (batch, height, width))
    labels[torch.rand(batch, height, width) < 0.1] = 255
    head = Head(channels).train()
    criterion = nn.CrossEntropyLoss(weight=torch.tensor(CITYSCAPES_WEIGHTS), ignore_index=255)
    optimiser = torch.optim.SGD(head.parameters(), lr=1e-3)

    def step():
        for b in branches:
            b.grad = None
        optimiser.zero_grad(set_to_none=True)
        logits = head(branches)
        up = F.interpolate(logits, size=(height, width), mode="bilinear", align_corners=False)
        criterion(up, labels).backward()
        optimiser.step()

    for _ in range(warmup):
        step()
    walls, cpus = [], []
    for _ in range(iters):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        walls.append((time.perf_counter() - t0) * 1e3)
        cpus.append((time.process_time() - c0) * 1e3)
    print(f"torch {torch.__version__} {variant} head + weighted CE, image {height}x{width}, batch {batch}, "
          f"{torch.get_num_threads()} threads: step wall {statistics.median(walls):.1f} ms, "
          f"process CPU {statistics.median(cpus):.1f} ms ({iters} steps after {warmup})")


if __name__ == "__main__":
    main()
