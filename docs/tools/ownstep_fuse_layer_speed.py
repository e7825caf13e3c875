#!/usr/bin/env python3
"""Times what bench/OwnFuseLayerBenchmark times, in PyTorch: one train step of a whole W18-small-v1
fuse layer of stage 2, 3 or 4 (branch widths 16, 32, 64, 128; branch b at 1/2^(b+2) of the image).
Output i = relu(sum over j of f_ij(x_j)): the identity for j == i; for j > i a 1x1 conv without
bias + BatchNorm2d, then a bilinear upsample to branch i's size; for j < i, i - j steps of 3x3
stride-2 conv without bias + BatchNorm2d, ReLU between the steps, none after the last (eps 1e-5,
momentum 0.1). A step is: forward in train mode, backward from fixed random gradients of every
output (no loss) with every input requiring its gradient, plain SGD. Then the same for the
transition layer into that stage (stage 1's output is 128 channels at branch 0's size): a 3x3 conv
+ BatchNorm2d + ReLU where a branch's width changes, the identity where it stays, and a 3x3 stride-2
conv + BatchNorm2d + ReLU from the lowest branch for the new one.
Written for this project (not taken from the HRNet reference code); NCHW as the reference runs.

usage: python3 docs/tools/ownstep_fuse_layer_speed.py [HEIGHT=256] [WIDTH=512] [BATCH=2] [STAGE=3]
       [ITERS=41] [WARMUP=50] [ALIGN_CORNERS=false]
Prints the median wall ms and process CPU ms per step, one line for each layer.
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

WIDTHS = [16, 32, 64, 128]


def halve(size):
    """Output size of a 3x3 stride-2 convolution with padding 1."""
    return (size + 2 - 3) // 2 + 1


def conv_bn(c_in, c_out, kernel, stride):
    return [nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=kernel // 2, bias=False),
            nn.BatchNorm2d(c_out, eps=1e-5, momentum=0.1)]


class FuseLayer(nn.Module):
    def __init__(self, channels, align_corners):
        super().__init__()
        n = len(channels)
        self.align_corners = align_corners
        self.paths = nn.ModuleList()
        for i in range(n):
            row = nn.ModuleList()
            for j in range(n):
                if j == i:
                    row.append(nn.Identity())
                elif j > i:
                    row.append(nn.Sequential(*conv_bn(channels[j], channels[i], 1, 1)))
                else:
                    layers = []
                    for k in range(i - j):
                        last = k == i - j - 1
                        layers += conv_bn(channels[j], channels[i] if last else channels[j], 3, 2)
                        if not last:
                            layers.append(nn.ReLU())
                    row.append(nn.Sequential(*layers))
            self.paths.append(row)

    def forward(self, xs):
        outs = []
        for i, row in enumerate(self.paths):
            total = None
            for j, path in enumerate(row):
                term = path(xs[j])
                if j > i:
                    term = F.interpolate(term, size=xs[i].shape[-2:], mode="bilinear",
                                         align_corners=self.align_corners)
                total = term if total is None else total + term
            outs.append(F.relu(total))
        return outs


class Transition(nn.Module):
    def __init__(self, previous, channels):
        super().__init__()
        self.previous = len(previous)
        self.paths = nn.ModuleList()
        for i, c in enumerate(channels):
            if i < len(previous):
                self.paths.append(nn.Identity() if c == previous[i]
                                  else nn.Sequential(*conv_bn(previous[i], c, 3, 1), nn.ReLU()))
            else:
                self.paths.append(nn.Sequential(*conv_bn(previous[-1], c, 3, 2), nn.ReLU()))

    def forward(self, xs):
        return [path(xs[min(i, self.previous - 1)]) for i, path in enumerate(self.paths)]


def time_step(step, iters, warmup):
    for _ in range(warmup):
        step()
    walls, cpus = [], []
    for _ in range(iters):
        w0, c0 = time.perf_counter(), time.process_time()
        step()
        walls.append((time.perf_counter() - w0) * 1e3)
        cpus.append((time.process_time() - c0) * 1e3)
    return statistics.median(walls), statistics.median(cpus)


def train_step(module, inputs, grads):
    sgd = torch.optim.SGD(module.parameters(), lr=1e-3)

    def step():
        sgd.zero_grad(set_to_none=False)
        for x in inputs:
            x.grad = None
        torch.autograd.backward(module(inputs), grads)
        sgd.step()
    return step


def main():
    args = sys.argv[1:]
    height = int(args[0]) if len(args) > 0 else 256
    width = int(args[1]) if len(args) > 1 else 512
    batch = int(args[2]) if len(args) > 2 else 2
    stage = int(args[3]) if len(args) > 3 else 3
    iters = int(args[4]) if len(args) > 4 else 41
    warmup = int(args[5]) if len(args) > 5 else 50
    align_corners = len(args) > 6 and args[6].lower() == "true"
    torch.set_num_threads(2)
    torch.manual_seed(0)
    channels = WIDTHS[:stage]
    h, w = halve(halve(height)), halve(halve(width))
    previous = [128] if stage == 2 else WIDTHS[:stage - 1]
    xs, grads, previous_xs = [], [], []
    for b, c in enumerate(channels):
        xs.append(torch.randn(batch, c, h, w, requires_grad=True))
        grads.append(torch.randn(batch, c, h, w))
        if b < len(previous):
            previous_xs.append(torch.randn(batch, previous[b], h, w, requires_grad=True))
        h, w = halve(h), halve(w)
    rows = [("fuse layer", train_step(FuseLayer(channels, align_corners).train(), xs, grads)),
            (f"transition {previous} ->", train_step(Transition(previous, channels).train(), previous_xs, grads))]
    for name, step in rows:
        wall, cpu = time_step(step, iters, warmup)
        print(f"torch {torch.__version__} stage-{stage} {name} {channels}, image {height}x{width}, batch {batch},"
              f" threads {torch.get_num_threads()}: median wall {wall:.1f} ms, process CPU {cpu:.1f} ms"
              f" over {iters} after {warmup}")


if __name__ == "__main__":
    main()
