package org.hrnetbeam.imageio;

import java.util.Arrays;

/**
 * A single-channel label image: one class value per pixel, row after row. Values are ints so
 * that 16-bit source labels survive until they are remapped; after remapping they fit 0..255.
 * Owns its array: callers must not change it after construction.
 */
public record LabelImage(int width, int height, int[] values) implements DecodedLabel {

  public LabelImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("label size must be positive, got " + width + "x" + height);
    }
    if (values.length != width * height) {
      throw new IllegalArgumentException(
          "expected " + width * height + " values for " + width + "x" + height + ", got " + values.length);
    }
  }

  public int value(int x, int y) {
    return values[y * width + x];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelImage other
        && width == other.width && height == other.height && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "LabelImage[" + width + "x" + height + "]";
  }
}
