package org.hrnetbeam.imageio;

import java.util.Arrays;

/**
 * A single-channel label of 8-bit values, one byte per pixel, row after row: train ids after
 * remapping (classes and the ignore id, all within 0..255 by the label map's rules), which is what
 * the shards store, or the source values of an 8-bit label PNG before the map. 16-bit source
 * labels are {@link LabelImage}s; a byte per pixel is a quarter of the memory traffic through
 * decoding, the map, resizing, padding and PNG encoding (docs/PERFORMANCE.md, "Prepare from
 * launch, fourth pass"). Owns its array: callers must not change it after construction.
 */
public record ByteLabel(int width, int height, byte[] ids) implements DecodedLabel {

  public ByteLabel {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("label size must be positive, got " + width + "x" + height);
    }
    if (ids.length != width * height) {
      throw new IllegalArgumentException(
          "expected " + width * height + " values for " + width + "x" + height + ", got " + ids.length);
    }
  }

  /** The value at (x, y), 0..255. */
  public int value(int x, int y) {
    return ids[y * width + x] & 0xFF;
  }

  /** The same values as a {@link LabelImage} (one int per pixel). */
  public LabelImage toLabelImage() {
    int[] values = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      values[i] = ids[i] & 0xFF;
    }
    return new LabelImage(width, height, values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteLabel other && width == other.width && height == other.height && Arrays.equals(ids, other.ids);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    return "ByteLabel[" + width + "x" + height + "]";
  }
}
