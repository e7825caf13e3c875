package org.hrnetbeam.inference;

/**
 * The reference's {@code input_transform}: RGB channel order, values / 255, then ImageNet mean and
 * standard deviation per channel. The reference reads BGR with OpenCV and reverses it; images here
 * arrive as RGB already.
 */
public final class ImageNormalizer {
  /** ImageNet channel means (R, G, B) of values in [0, 1]. */
  private static final double[] MEAN = {0.485, 0.456, 0.406};
  /** ImageNet channel standard deviations (R, G, B). */
  private static final double[] STD = {0.229, 0.224, 0.225};

  private ImageNormalizer() {
  }

  /**
   * @param rgb packed {@code 0xRRGGBB} per pixel, row-major (as {@code BufferedImage.getRGB}; any alpha
   *            byte is ignored)
   * @return 3 planes (R, G, B) of normalised values
   */
  public static Planes normalize(int[] rgb, int height, int width) {
    if (rgb.length != height * width) {
      throw new IllegalArgumentException(rgb.length + " pixels do not make a " + height + "x" + width + " image");
    }
    int n = rgb.length;
    float[] out = new float[3 * n];
    for (int i = 0; i < n; i++) {
      int p = rgb[i];
      out[i] = channel((p >> 16) & 0xFF, 0);
      out[n + i] = channel((p >> 8) & 0xFF, 1);
      out[2 * n + i] = channel(p & 0xFF, 2);
    }
    return Planes.wrap(3, height, width, out);
  }

  /** Rounds where NumPy does: /255 in float32, then each in-place step float64 → float32. */
  private static float channel(int value, int c) {
    float unit = value / 255.0f;
    float centred = (float) (unit - MEAN[c]);
    return (float) (centred / STD[c]);
  }

  /** The value {@link #normalize} gives an 8-bit channel value ({@code c}: 0 R, 1 G, 2 B). */
  public static float normalizedValue(int value, int c) {
    return channel(value, c);
  }
}
