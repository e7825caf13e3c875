"""Writes the tiny PyTorch golden files used by TorchCheckpointTest (run from this directory).

Made with Debian 12 python3-torch 1.13.1 (torch.__version__ 1.13.0a0) and NumPy 1.24.2, CPU.
Each mirrors a layout the HRNet reference writes, on a 2-layer model so the files stay a few KB.
"""
import collections

import numpy as np
import torch
from torch import nn

torch.manual_seed(0)


def tiny_model():
    model = nn.Sequential(collections.OrderedDict(
        conv=nn.Conv2d(2, 3, 1, bias=True),
        bn=nn.BatchNorm2d(3)))
    with torch.no_grad():
        model.bn.running_mean.uniform_(-1, 1)
        model.bn.running_var.uniform_(0.5, 2)
        model.bn.num_batches_tracked.fill_(5)
    return model


class FullModel(nn.Module):
    """The reference's wrapper: model + loss, so keys gain 'model.' and 'loss.criterion.weight'."""

    def __init__(self, model, class_weights):
        super().__init__()
        self.model = model
        self.loss = nn.Module()
        self.loss.criterion = nn.CrossEntropyLoss(weight=class_weights)


def as_numpy(state):
    return {k: v.detach().contiguous().numpy() for k, v in state.items()}


model = tiny_model()
plain = model.state_dict()
torch.save(plain, "plain_state_dict.pth")
# Saved now: `plain` holds references that the SGD step below updates in place.
torch.save(plain, "legacy.pth", _use_new_zipfile_serialization=False)
np.savez("plain_state_dict.npz", **as_numpy(plain))

full = FullModel(model, torch.tensor([0.8373, 0.918, 0.866]))
torch.save(full.state_dict(), "best_prefixed.pth")

optimizer = torch.optim.SGD(full.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
out = full.model(torch.randn(2, 2, 4, 4))
full.loss.criterion(out, torch.randint(0, 3, (2, 4, 4))).backward()
optimizer.step()
torch.save({"epoch": 7, "best_mIoU": np.float64(0.4321), "state_dict": full.state_dict(),
            "optimizer": optimizer.state_dict()}, "training_checkpoint.pth")
np.savez("training_checkpoint_model.npz", **as_numpy(full.model.state_dict()))

base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
views = collections.OrderedDict(
    transposed=base.t(), sliced=base[1:, ::2], row=base[2], whole=base,
    scalar_f64=torch.tensor(2.5, dtype=torch.float64), i32=torch.tensor([-3, 4], dtype=torch.int32),
    i8=torch.tensor([-128, 127], dtype=torch.int8), u8=torch.tensor([0, 255], dtype=torch.uint8),
    flags=torch.tensor([True, False]), empty=torch.zeros(0, 3), param=nn.Parameter(torch.ones(2)))
torch.save(views, "views_and_dtypes.pth")
np.savez("views_and_dtypes.npz", **as_numpy(views))
torch.save(views, "views_protocol4.pth", pickle_protocol=4)

torch.save({"w": torch.ones(2, dtype=torch.float16)}, "half.pth")
torch.save(views, "views_legacy.pth", _use_new_zipfile_serialization=False)
torch.save(torch.load("training_checkpoint.pth"), "training_checkpoint_legacy.pth", _use_new_zipfile_serialization=False)
