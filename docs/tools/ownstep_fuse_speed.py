#!/usr/bin/env python3
"""Times what bench/OwnFuseBenchmark times, in PyTorch: one train step of W18-small-v1's stage-2
fuse path from branch 2 to branch 1 (1x1 conv 32->16 without bias, BatchNorm2d eps 1e-5 momentum
0.1 on the low branch, bilinear upsample to the high branch's size, add the high branch, ReLU).
A step is: forward in train mode, backward from a fixed random gradient of the output (no loss)
with both inputs requiring gradients (as the Java step computes both input gradients), plain SGD.
Then the same for the whole two-branch fuse layer (the path above plus, into branch 2, a 3x3
stride-2 conv 16->32 without bias + BatchNorm2d on branch 1, added to branch 2, ReLU), as
OwnFuseBenchmark's two-branch fuse layer rows (FuseLayer with two branches since round 4).
Written for this project (not taken from the HRNet reference code); NCHW as the reference runs.

usage: python3 docs/tools/ownstep_fuse_speed.py [HEIGHT=256] [WIDTH=512] [BATCH=2] [ITERS=41]
       [WARMUP=50] [ALIGN_CORNERS=false]
Prints median wall ms and process CPU ms per step, one line per module.
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


def halve(size):
    """Output size of a 3x3 stride-2 convolution with padding 1."""
    return (size + 2 - 3) // 2 + 1


class FuseUp(nn.Module):
    def __init__(self, low_channels, high_channels, align_corners):
        super().__init__()
        self.conv = nn.Conv2d(low_channels, high_channels, 1, bias=False)
        self.bn = nn.BatchNorm2d(high_channels, eps=1e-5, momentum=0.1)
        self.align_corners = align_corners

    def forward(self, high, low):
        up = F.interpolate(self.bn(self.conv(low)), size=high.shape[-2:], mode="bilinear",
                           align_corners=self.align_corners)
        return F.relu(high + up)


class TwoBranchFuse(nn.Module):
    def __init__(self, low_channels, high_channels, align_corners):
        super().__init__()
        self.up = FuseUp(low_channels, high_channels, align_corners)
        self.down = nn.Conv2d(high_channels, low_channels, 3, stride=2, padding=1, bias=False)
        self.down_bn = nn.BatchNorm2d(low_channels, eps=1e-5, momentum=0.1)

    def forward(self, high, low):
        return self.up(high, low), F.relu(self.down_bn(self.down(high)) + low)


def time_steps(step, iters, warmup):
    for _ in range(warmup):
        step()
    walls, cpus = [], []
    for _ in range(iters):
        w0, c0 = time.perf_counter(), time.process_time()
        step()
        walls.append((time.perf_counter() - w0) * 1e3)
        cpus.append((time.process_time() - c0) * 1e3)
    return statistics.median(walls), statistics.median(cpus)


def main():
    args = sys.argv[1:]
    height = int(args[0]) if len(args) > 0 else 256
    width = int(args[1]) if len(args) > 1 else 512
    batch = int(args[2]) if len(args) > 2 else 2
    iters = int(args[3]) if len(args) > 3 else 41
    warmup = int(args[4]) if len(args) > 4 else 50
    align = len(args) > 5 and args[5].lower() == "true"
    torch.set_num_threads(2)
    torch.manual_seed(0)
    hh, hw = halve(halve(height)), halve(halve(width))
    lh, lw = halve(hh), halve(hw)
    model = FuseUp(32, 16, align).train()
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    high = torch.randn(batch, 16, hh, hw, requires_grad=True)
    low = torch.randn(batch, 32, lh, lw, requires_grad=True)
    upstream = torch.randn(batch, 16, hh, hw)

    def step():
        opt.zero_grad(set_to_none=True)
        high.grad = None
        low.grad = None
        model(high, low).backward(upstream)
        opt.step()

    wall, cpu = time_steps(step, iters, warmup)
    print(f"torch {torch.__version__} fuse 32@{lh}x{lw} -> 16@{hh}x{hw}, batch {batch}, align_corners {align}, "
          f"threads {torch.get_num_threads()}: median step wall {wall:.2f} ms, "
          f"process CPU {cpu:.2f} ms ({iters} steps after {warmup})")

    layer = TwoBranchFuse(32, 16, align).train()
    layer_opt = torch.optim.SGD(layer.parameters(), lr=1e-3)
    low_upstream = torch.randn(batch, 32, lh, lw)

    def layer_step():
        layer_opt.zero_grad(set_to_none=True)
        high.grad = None
        low.grad = None
        out0, out1 = layer(high, low)
        torch.autograd.backward([out0, out1], [upstream, low_upstream])
        layer_opt.step()

    wall, cpu = time_steps(layer_step, iters, warmup)
    print(f"torch whole two-branch fuse layer: median step wall {wall:.2f} ms, process CPU {cpu:.2f} ms")


if __name__ == "__main__":
    main()
