#!/usr/bin/env python3
"""Times what bench/OwnStepBenchmark times, in PyTorch: one train step of HRNet's stem
(3->64 3x3 stride 2, 64->64 3x3 stride 2, each BN + ReLU) followed by one basic block (two 3x3
convolutions at 64 channels, the block input added before the last ReLU), built from plain torch.nn
layers (convolutions without bias, BatchNorm2d eps 1e-5 momentum 0.1). A step is: forward in train
mode, backward from a fixed random gradient of the last activation (no loss), plain SGD update.
Written for this project (not taken from the HRNet reference code); NCHW as the reference runs.

usage: python3 docs/tools/ownstep_chain_speed.py [HEIGHT=256] [WIDTH=512] [BATCH=2] [ITERS=15] [WARMUP=3]
Prints median wall ms and process CPU ms per step (and the forward / backward split).
"""
import statistics
import sys
import time

import torch
from torch import nn


class Unit(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)

    def forward(self, x):
        return self.bn(self.conv(x))


class StemAndBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem1 = Unit(3, 64, 2)
        self.stem2 = Unit(64, 64, 2)
        self.block1 = Unit(64, 64, 1)
        self.block2 = Unit(64, 64, 1)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        x = self.relu(self.stem1(x))
        s = self.relu(self.stem2(x))
        y = self.relu(self.block1(s))
        return self.relu(self.block2(y) + s)


def main():
    a = [int(v) for v in sys.argv[1:]]
    height, width, batch, iters, warmup = (a + [256, 512, 2, 15, 3][len(a):])[:5]
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = StemAndBlock().train()
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    x = torch.randn(batch, 3, height, width)
    grad = torch.randn(batch, 64, (height + 3) // 4, (width + 3) // 4)

    def step():
        opt.zero_grad(set_to_none=False)
        t0 = time.perf_counter()
        out = model(x)
        t1 = time.perf_counter()
        out.backward(grad)
        t2 = time.perf_counter()
        opt.step()
        return t1 - t0, t2 - t1

    for _ in range(warmup):
        step()
    walls, cpus, fwds, bwds = [], [], [], []
    for _ in range(iters):
        c0 = time.process_time()
        w0 = time.perf_counter()
        f, b = step()
        walls.append((time.perf_counter() - w0) * 1e3)
        cpus.append((time.process_time() - c0) * 1e3)
        fwds.append(f * 1e3)
        bwds.append(b * 1e3)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, {height}x{width} batch {batch}, "
          f"{iters} iterations after {warmup}")
    print(f"| torch.nn, NCHW | {statistics.median(walls):.1f} | {statistics.median(cpus):.1f} | "
          f"forward {statistics.median(fwds):.1f}, backward {statistics.median(bwds):.1f} |")


if __name__ == "__main__":
    main()
