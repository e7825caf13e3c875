package org.hrnetbeam.augment;

import java.io.Serializable;

/**
 * The reference's training-sample generation settings (TRAIN.* keys of the yacs config).
 *
 * @param multiScale TRAIN.MULTI_SCALE: random rescale and crop; when false neither happens
 * @param baseSize TRAIN.BASE_SIZE: long side at scale 1.0
 * @param cropWidth TRAIN.IMAGE_SIZE[0]
 * @param cropHeight TRAIN.IMAGE_SIZE[1]
 * @param scaleFactor TRAIN.SCALE_FACTOR: scale = 0.5 + randint(0, SCALE_FACTOR) / 10
 * @param flip TRAIN.FLIP: horizontal flip with p = 0.5
 * @param randomBrightness TRAIN.RANDOM_BRIGHTNESS
 * @param brightnessShift TRAIN.RANDOM_BRIGHTNESS_SHIFT_VALUE
 * @param downsampleRate TRAIN.DOWNSAMPLERATE: labels shrunk by this factor (nearest) if not 1
 * @param ignore the train id padding gets (the label map's ignore)
 */
public record AugmentSettings(boolean multiScale, int baseSize, int cropWidth, int cropHeight, int scaleFactor,
    boolean flip, boolean randomBrightness, int brightnessShift, int downsampleRate, int ignore)
    implements Serializable {

  public AugmentSettings {
    if (multiScale && (baseSize <= 0 || cropWidth <= 0 || cropHeight <= 0)) {
      throw new IllegalArgumentException("TRAIN.BASE_SIZE " + baseSize + " and TRAIN.IMAGE_SIZE ["
          + cropWidth + ", " + cropHeight + "] must be positive");
    }
    if (scaleFactor < 0) {
      throw new IllegalArgumentException("TRAIN.SCALE_FACTOR must be >= 0, got " + scaleFactor);
    }
    if (downsampleRate < 1) {
      throw new IllegalArgumentException("TRAIN.DOWNSAMPLERATE must be >= 1, got " + downsampleRate);
    }
    if (brightnessShift < 0) {
      throw new IllegalArgumentException("TRAIN.RANDOM_BRIGHTNESS_SHIFT_VALUE must be >= 0, got " + brightnessShift);
    }
  }

  /** The reference defaults (Cityscapes crop 1024×512 from long side 2048), ignore 255. */
  public static AugmentSettings referenceDefaults() {
    return new AugmentSettings(true, 2048, 1024, 512, 16, true, false, 10, 1, 255);
  }
}
