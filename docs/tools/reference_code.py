"""Loading the HRNet reference's own modules from a checkout, shared by the reference_*.py tools.

The reference (https://github.com/HRNet/HRNet-Semantic-Segmentation, branch pytorch-v1.1) is not a
package: its files are loaded by path, so nothing of it is copied here. Two things make it run
on Debian 12's NumPy and without yacs: np.int (removed in NumPy 1.24) is set to int before its
modules load, and its config is given as nested dicts readable as attributes.
"""
import importlib.util
import os

import numpy as np


class ConfigNode(dict):
    """Attribute access over nested dicts: the reference reads config.MODEL.EXTRA and extra['STAGE2']."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e

    @classmethod
    def wrap(cls, value):
        return cls({k: cls.wrap(v) for k, v in value.items()}) if isinstance(value, dict) else value


def load(reference, *parts):
    """The module at REF/lib/<parts>, e.g. load(ref, "models", "seg_hrnet.py")."""
    if not hasattr(np, "int"):
        np.int = int
    path = os.path.join(reference, "lib", *parts)
    if not os.path.isfile(path):
        raise SystemExit(f"{path} not found: --reference must be a checkout of HRNet-Semantic-Segmentation")
    spec = importlib.util.spec_from_file_location("reference_" + os.path.splitext(parts[-1])[0], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
