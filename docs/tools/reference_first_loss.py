#!/usr/bin/env python3
"""The loss the HRNet reference computes for one training batch of CamVid with augmentation off,
started from given weights: the number ReferenceFirstLossTest compares the Java run's first logged
loss with.

Usage (Debian 12 python3-torch, NumPy, python3-opencv; the system python, /usr/bin/python3):

  git clone -b pytorch-v1.1 https://github.com/HRNet/HRNet-Semantic-Segmentation REF
      (commit 88419ab18813f2c9193985e2d4d31d3d07abe839, as the parity fixture)
  /usr/bin/python3 docs/tools/reference_first_loss.py --reference REF \\
      --weights ../shared/fixtures/hrnet-parity/w18s1_state_dict.pth \\
      --camvid ../shared/data/camvid --list train.txt --count 2

What runs is the reference's own code, loaded from REF:
* the model: lib/models/seg_hrnet.py, built by get_seg_model from the reference's
  experiments/cityscapes/seg_hrnet_w18_small_v1_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484.yaml with
  DATASET.NUM_CLASSES 19 and MODEL.PRETRAINED = --weights (so init_weights loads them as a training
  run would);
* the sample: lib/datasets/base_dataset.py's gen_sample with multi_scale=False and is_flip=False,
  after reading as the reference's datasets do (cv2 IMREAD_COLOR image, IMREAD_GRAYSCALE label);
* the loss: lib/core/criterion.py's CrossEntropy(ignore_label=255), no class weights (the
  reference applies its class weights to Cityscapes only), in train mode (BN batch statistics).
Only two things are ours: CamVid's label map (values 0..10 kept, 11 and anything else -> 255, as
conf/labelmaps/camvid.yaml), since the reference has no CamVid dataset; and, because NumPy 1.24
removed np.int, np.int is set to int before the reference modules load (the fixture README's one
change, made here without editing the reference's files).

The batch is the first --count lines of --list under --camvid, in list order. Prints the float32
loss (what the reference trains with) and, as the spread to expect from float32 arithmetic, the
same batch through a float64 copy of the model.
"""
import argparse
import os
import sys

import cv2
import numpy as np
import torch
import yaml

import reference_code

CAMVID_CLASSES = 11
IGNORE = 255
EXPERIMENT = "experiments/cityscapes/seg_hrnet_w18_small_v1_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484.yaml"


def camvid_label(label):
    out = np.full(label.shape, IGNORE, dtype=label.dtype)
    keep = label < CAMVID_CLASSES
    out[keep] = label[keep]
    return out


def read_batch(base_dataset, camvid, list_file, count):
    # The values the reference's CamVid-sized training config would pass; with multi_scale and
    # flip off, gen_sample uses none of the sizes.
    dataset = base_dataset.BaseDataset(ignore_label=IGNORE, base_size=480, crop_size=(240, 320),
                                       downsample_rate=1, scale_factor=10)
    with open(os.path.join(camvid, list_file)) as f:
        pairs = [line.split() for line in f if line.strip()][:count]
    images, labels = [], []
    for image_path, label_path in pairs:
        image = cv2.imread(os.path.join(camvid, image_path), cv2.IMREAD_COLOR)
        label = cv2.imread(os.path.join(camvid, label_path), cv2.IMREAD_GRAYSCALE)
        if image is None or label is None:
            sys.exit(f"cannot read {image_path} or {label_path} under {camvid}")
        image, label = dataset.gen_sample(image, camvid_label(label), multi_scale=False, is_flip=False)
        images.append(image)
        labels.append(label)
        print(f"sample {image_path} {label_path}: {image.shape[1]}x{image.shape[2]}, "
              f"{int((label != IGNORE).sum())} labelled pixels")
    return torch.from_numpy(np.stack(images).copy()), torch.from_numpy(np.stack(labels).astype(np.int64))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", required=True, help="checkout of HRNet-Semantic-Segmentation, pytorch-v1.1")
    parser.add_argument("--weights", required=True, help="state_dict .pth to start from")
    parser.add_argument("--camvid", required=True, help="CamVid root (list files and images)")
    parser.add_argument("--list", default="train.txt", help="list file under --camvid")
    parser.add_argument("--count", type=int, default=2, help="batch size: the list's first lines")
    args = parser.parse_args()

    torch.set_num_threads(2)
    seg_hrnet = reference_code.load(args.reference, "models", "seg_hrnet.py")
    base_dataset = reference_code.load(args.reference, "datasets", "base_dataset.py")
    criterion_module = reference_code.load(args.reference, "core", "criterion.py")

    with open(os.path.join(args.reference, EXPERIMENT)) as f:
        cfg = yaml.safe_load(f)
    cfg["DATASET"]["NUM_CLASSES"] = 19
    cfg["MODEL"]["PRETRAINED"] = args.weights
    model = seg_hrnet.get_seg_model(reference_code.ConfigNode.wrap(cfg))
    missing = set(model.state_dict()) - set(torch.load(args.weights, map_location="cpu"))
    if missing:
        sys.exit(f"{args.weights} lacks {len(missing)} of the model's entries, e.g. {sorted(missing)[:3]}")

    images, labels = read_batch(base_dataset, args.camvid, args.list, args.count)
    criterion = criterion_module.CrossEntropy(ignore_label=IGNORE)

    model.train()
    loss32 = criterion(model(images), labels)
    model64 = seg_hrnet.get_seg_model(reference_code.ConfigNode.wrap(cfg)).double()
    model64.train()
    loss64 = criterion(model64(images.double()), labels)

    print(f"reference first loss (float32): {loss32.item():.9g}")
    print(f"same batch in float64:          {loss64.item():.17g}")
    print(f"float32 - float64:              {loss32.item() - loss64.item():.3g}")


if __name__ == "__main__":
    main()
