# Regenerates the OpenCV resize golden files used by ResizeGoldenTest.
# Run from this folder: /usr/bin/python3 make_golden.py   (Debian python3-opencv 4.6, python3-numpy)
import cv2
import numpy as np

rng = np.random.default_rng(20261127)
# A smooth gradient plus noise: exercises both the interpolation weights and the rounding.
yy, xx = np.mgrid[0:48, 0:64]
base = np.stack([xx * 4, yy * 5, (xx + yy) * 2], axis=-1)
image = np.clip(base + rng.integers(-40, 40, size=base.shape), 0, 255).astype(np.uint8)
label = rng.integers(0, 20, size=(47, 63)).astype(np.uint8)
image.tofile("source_64x48.rgb")
label.tofile("label_63x47.gray")
for (w, h) in [(97, 73), (40, 30), (32, 24), (29, 50), (128, 96), (64, 48), (7, 5)]:
    cv2.resize(image, (w, h), interpolation=cv2.INTER_LINEAR).tofile(f"linear_{w}x{h}.rgb")
for (w, h) in [(97, 73), (40, 30), (20, 81), (63, 47)]:
    cv2.resize(label, (w, h), interpolation=cv2.INTER_NEAREST).tofile(f"nearest_{w}x{h}.gray")
small = cv2.resize(label, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_NEAREST)
small.tofile(f"nearest_fx0.5_{small.shape[1]}x{small.shape[0]}.gray")
print(cv2.__version__)
