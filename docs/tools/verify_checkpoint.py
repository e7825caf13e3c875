#!/usr/bin/env python3
"""Checks, with real PyTorch, that a training checkpoint written by TorchZipWriter.writeObject resumes
the way the HRNet reference's tools/train.py resumes one.

Usage: verify_checkpoint.py EXPORTED.pth.tar REFERENCE.pth.tar

* torch.load works (weights_only=True too, where the reference file itself passes it);
* epoch, best_mIoU, every state_dict tensor and the optimizer state equal REFERENCE's;
* the reference's resume steps succeed: strip 'model.' from state_dict keys and
  load_state_dict(strict=True) into real layers rebuilt from the names, then
  optimizer.load_state_dict(checkpoint['optimizer']) into an SGD over those parameters.
Exits non-zero on the first mismatch.
"""
import sys

import torch

from verify_export import module_tree, same


def same_optimizer(a, b):
    if a["param_groups"] != b["param_groups"]:
        sys.exit(f"param_groups differ: {a['param_groups']} vs {b['param_groups']}")
    if sorted(a["state"]) != sorted(b["state"]):
        sys.exit("optimizer state keys differ")
    for k in a["state"]:
        same(a["state"][k], b["state"][k], f"optimizer state {k}")


def main():
    exported, reference = sys.argv[1], sys.argv[2]
    ref = torch.load(reference, map_location="cpu")
    modes = [False]
    try:
        torch.load(reference, map_location="cpu", weights_only=True)
        modes.append(True)
    except Exception as e:  # torch 1.13's weights_only refuses floats and numpy scalars
        print(f"note: weights_only=True not checked, the reference itself fails it: {str(e)[-70:]}")
    for weights_only in modes:
        got = torch.load(exported, map_location="cpu", weights_only=weights_only)
        if got["epoch"] != ref["epoch"] or float(got["best_mIoU"]) != float(ref["best_mIoU"]):
            sys.exit(f"epoch/best_mIoU differ: {got['epoch']}, {got['best_mIoU']}")
        same(got["state_dict"], ref["state_dict"], "state_dict")
        same_optimizer(got["optimizer"], ref["optimizer"])
    model_state = {k[len("model."):]: v for k, v in got["state_dict"].items() if k.startswith("model.")}
    model = module_tree(model_state)
    result = model.load_state_dict(model_state, strict=True)
    group = {k: v for k, v in got["optimizer"]["param_groups"][0].items() if k != "params"}
    optimizer = torch.optim.SGD(model.parameters(), lr=group["lr"], momentum=group["momentum"])
    optimizer.load_state_dict(got["optimizer"])
    print(f"torch {torch.__version__}: {exported} equals {reference} (epoch {got['epoch']}, best_mIoU "
          f"{got['best_mIoU']}, {len(got['state_dict'])} state_dict tensors, "
          f"{len(got['optimizer']['state'])} momentum buffers); model load_state_dict -> {result}; "
          f"optimizer.load_state_dict ok")


if __name__ == "__main__":
    main()
