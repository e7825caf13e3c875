#!/usr/bin/env python3
"""How fast the HRNet reference makes training samples on one thread, on this machine, now: the
figure issue 3's prepare targets were derived from, measured again beside our own figures, since
this machine's speed moves by 15-30 % over a day (docs/PERFORMANCE.md, "The same build in two host
states").

Usage (Debian 12 python3-torch, NumPy, python3-opencv; the system python, /usr/bin/python3):

  git clone -b pytorch-v1.1 https://github.com/HRNet/HRNet-Semantic-Segmentation REF
  /usr/bin/python3 docs/tools/reference_loader_speed.py --reference REF --case camvid \\
      --root ../shared/data/camvid --list train.txt [--passes 3]
  /usr/bin/python3 docs/tools/reference_loader_speed.py --reference REF --case cityscapes \\
      --root /tmp/prepare-from-launch/cityscapes-32 --list train.lst

What runs is the reference's own code, lib/datasets/base_dataset.py loaded from REF, with the
crop, base size and scale factor of our configs (CamVid: conf/camvid/base_camvid.yaml, 320x240
crops of 480 px long sides, SCALE_FACTOR 10; Cityscapes: the reference's 1024x512 crops of 2048,
SCALE_FACTOR 16). Per sample, as the reference's datasets do: cv2.imread of the image
(IMREAD_COLOR) and label (IMREAD_GRAYSCALE), the label map, then two ways:
* "gen_sample": BaseDataset.gen_sample(image, label, multi_scale=True, is_flip=True), the
  reference's whole training sample (random scale, pad, crop, float normalisation, flip);
* "augment + PNG": the same random scale, pad and crop (BaseDataset.multi_scale_aug) and flip on
  the 8-bit pixels, then cv2.imencode of the image and label crops as PNG: what our shards hold.
The label map is the reference's Cityscapes convert_label (a pass per table entry) for
Cityscapes; the reference has no CamVid dataset, so CamVid uses our map (0..10 kept, the rest
255) as a lookup table. One OpenCV and one torch thread. The first pass warms up and is printed
apart; samples/s is over the later passes.
"""
import argparse
import os
import random
import time

import cv2
import numpy as np
import torch

import reference_code

CASES = {
    # crop (height, width), base size, scale factor
    "camvid": ((240, 320), 480, 10),
    "cityscapes": ((512, 1024), 2048, 16),
}


def label_mapper(case):
    if case == "cityscapes":
        # The reference's Cityscapes table, applied its way (cityscapes.py, convert_label).
        mapping = {-1: 255, 0: 255, 1: 255, 2: 255, 3: 255, 4: 255, 5: 255, 6: 255, 7: 0, 8: 1, 9: 255,
                   10: 255, 11: 2, 12: 3, 13: 4, 14: 255, 15: 255, 16: 255, 17: 5, 18: 255, 19: 6, 20: 7,
                   21: 8, 22: 9, 23: 10, 24: 11, 25: 12, 26: 13, 27: 14, 28: 15, 29: 255, 30: 255,
                   31: 16, 32: 17, 33: 18}

        def convert(label):
            temp = label.copy()
            for k, v in mapping.items():
                temp[label == k] = v
            return temp
        return convert
    table = np.full(256, 255, dtype=np.uint8)
    table[:11] = np.arange(11, dtype=np.uint8)
    return lambda label: table[label]


def read_list(root, list_file):
    pairs = []
    with open(os.path.join(root, list_file)) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                pairs.append((os.path.join(root, parts[0]), os.path.join(root, parts[1])))
    return pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference", required=True, help="checkout of HRNet-Semantic-Segmentation")
    parser.add_argument("--case", choices=sorted(CASES), required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--list", required=True, help="list file under --root: image and label per line")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()

    cv2.setNumThreads(1)
    torch.set_num_threads(1)
    random.seed(304)
    np.random.seed(304)
    crop, base_size, scale_factor = CASES[args.case]
    dataset = reference_code.load(args.reference, "datasets", "base_dataset.py").BaseDataset(ignore_label=255, base_size=base_size, crop_size=crop,
                                                scale_factor=scale_factor)
    convert = label_mapper(args.case)
    pairs = read_list(args.root, args.list)
    if not pairs:
        raise SystemExit(f"no image/label pairs in {os.path.join(args.root, args.list)}")

    def gen_sample(image, label):
        dataset.gen_sample(image, label, True, True)

    def augment_png(image, label):
        rand_scale = 0.5 + random.randint(0, scale_factor) / 10.0
        image, label = dataset.multi_scale_aug(image, label, rand_scale=rand_scale)
        if np.random.choice(2) == 1:
            image = image[:, ::-1]
            label = label[:, ::-1]
        ok_image, _ = cv2.imencode(".png", np.ascontiguousarray(image))
        ok_label, _ = cv2.imencode(".png", np.ascontiguousarray(label))
        assert ok_image and ok_label

    print(f"reference loader: {args.case}, {len(pairs)} samples, one thread, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print()
    print("| way | first pass samples/s | later passes samples/s | CPU s per sample (later passes) |")
    print("|---|---|---|---|")
    for name, make in (("gen_sample", gen_sample), ("augment + PNG", augment_png)):
        rates = []
        cpu_per_sample = []
        for _ in range(args.passes):
            wall0, cpu0 = time.perf_counter(), time.process_time()
            for image_path, label_path in pairs:
                image = cv2.imread(image_path, cv2.IMREAD_COLOR)
                label = cv2.imread(label_path, cv2.IMREAD_GRAYSCALE)
                if image is None or label is None:
                    raise SystemExit(f"cannot read {image_path} or {label_path}")
                make(image, convert(label))
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            rates.append(len(pairs) / wall)
            cpu_per_sample.append(cpu / len(pairs))
        later = rates[1:] or rates
        later_cpu = cpu_per_sample[1:] or cpu_per_sample
        print(f"| {name} | {rates[0]:.1f} | {', '.join(f'{r:.1f}' for r in later)} | "
              f"{sum(later_cpu) / len(later_cpu):.4f} |")


if __name__ == "__main__":
    main()
