#!/usr/bin/env python3
"""Checks, with real PyTorch and NumPy, that weight files written by org.hrnetbeam.weights load.

Usage: verify_export.py EXPORTED.pth REFERENCE.pth [EXPORTED.npz]

* torch.load(EXPORTED.pth) works with weights_only False and True and gives an OrderedDict whose
  keys, order, dtypes, shapes and values equal REFERENCE.pth (a file torch.save wrote);
* load_state_dict(strict=True) accepts it into a module tree of real nn.Conv2d / nn.BatchNorm2d /
  nn.Linear layers rebuilt from the key names and shapes (so names, shapes and BN buffers are checked
  by PyTorch itself), when every key looks like such a layer's;
* every zip entry's data is 64-byte aligned and stored uncompressed;
* np.load(EXPORTED.npz) holds the same arrays (when given).
Exits non-zero on the first mismatch.
"""
import collections
import struct
import sys
import zipfile

import numpy as np
import torch
from torch import nn


def module_tree(state):
    """A module whose children are real layers inferred from state-dict names and shapes, or None
    when some names do not look like Conv2d / BatchNorm2d / Linear layers."""
    groups = collections.OrderedDict()
    for name, tensor in state.items():
        path, _, leaf = name.rpartition(".")
        groups.setdefault(path, {})[leaf] = tensor
    root = nn.Module()
    for path, leaves in groups.items():
        weight = leaves.get("weight")
        if weight is None:
            return None
        if "running_mean" in leaves:
            layer = nn.BatchNorm2d(weight.shape[0], affine=True)
        elif weight.dim() == 4:
            layer = nn.Conv2d(weight.shape[1], weight.shape[0], tuple(weight.shape[2:]), bias="bias" in leaves)
        elif weight.dim() == 2:
            layer = nn.Linear(weight.shape[1], weight.shape[0], bias="bias" in leaves)
        else:
            return None
        parent = root
        parts = path.split(".")
        for part in parts[:-1]:
            if not hasattr(parent, part):
                parent.add_module(part, nn.Module())
            parent = getattr(parent, part)
        parent.add_module(parts[-1], layer)
    return root


def same(a, b, what):
    if list(a.keys()) != list(b.keys()):
        sys.exit(f"{what}: key lists differ")
    for k in a:
        x, y = a[k], b[k]
        if x.dtype != y.dtype or x.shape != y.shape or not torch.equal(x, y):
            sys.exit(f"{what}: tensor {k} differs ({x.dtype}{list(x.shape)} vs {y.dtype}{list(y.shape)})")


def check_alignment(path):
    raw = open(path, "rb").read()
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            off = info.header_offset
            name_len, extra_len = struct.unpack("<HH", raw[off + 26:off + 30])
            data = off + 30 + name_len + extra_len
            if info.compress_type != zipfile.ZIP_STORED or data % 64:
                sys.exit(f"{path}: entry {info.filename} is not stored 64-byte aligned (data at {data})")
        return [i.filename for i in z.infolist()]


def main():
    exported, reference = sys.argv[1], sys.argv[2]
    ref = torch.load(reference, map_location="cpu")
    for weights_only in (False, True):
        got = torch.load(exported, map_location="cpu", weights_only=weights_only)
        if not isinstance(got, collections.OrderedDict):
            sys.exit(f"torch.load gave {type(got)}, not an OrderedDict")
        same(got, ref, f"weights_only={weights_only}")
    model = module_tree(ref)
    if model is None:
        result = "skipped (keys are not all Conv2d/BatchNorm2d/Linear layers)"
    else:
        result = model.load_state_dict(got, strict=True)
        same(model.state_dict(), ref, "after load_state_dict")
    entries = check_alignment(exported)
    print(f"torch {torch.__version__}: {exported} loads (weights_only False and True), {len(got)} tensors equal "
          f"to {reference}; load_state_dict(strict=True) -> {result}; {len(entries)} zip entries 64-byte aligned")
    if len(sys.argv) > 3:
        arrays = np.load(sys.argv[3])
        for k in arrays.files:
            if not np.array_equal(arrays[k], ref[k].numpy()) or arrays[k].dtype != ref[k].numpy().dtype:
                sys.exit(f"{sys.argv[3]}: array {k} differs")
        print(f"numpy {np.__version__}: {sys.argv[3]} holds {len(arrays.files)} arrays equal to the reference")


if __name__ == "__main__":
    main()
