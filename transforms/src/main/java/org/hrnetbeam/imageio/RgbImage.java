package org.hrnetbeam.imageio;

import java.util.Arrays;

/**
 * An 8-bit colour image, pixels interleaved as R, G, B, row after row (OpenCV's HWC layout, in
 * RGB order). Owns its array: callers must not change it after construction.
 */
public record RgbImage(int width, int height, byte[] rgb) implements java.io.Serializable {

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "expected " + width * height * 3 + " bytes for " + width + "x" + height + "x3, got " + rgb.length);
    }
  }

  /** Red, green or blue (channel 0, 1, 2) at (x, y), 0..255. */
  public int sample(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xFF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && width == other.width && height == other.height && Arrays.equals(rgb, other.rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
