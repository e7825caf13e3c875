package org.hrnetbeam.imageio;

/**
 * OpenCV's {@code cv::resize} for 8-bit images, reproduced in plain Java so that our crops match
 * the reference loader (which calls {@code cv2.resize}) pixel for pixel.
 *
 * <ul>
 *   <li>{@link #bilinear}: INTER_LINEAR, pixel centres at +0.5 (align_corners=False), edge pixels
 *       clamped, 11-bit fixed-point weights and OpenCV's two-pass rounding; an exact halving of
 *       both sides is an average of 2×2 blocks, as OpenCV switches to INTER_AREA there.
 *   <li>{@link #nearest}: INTER_NEAREST, source index = floor(dst · src/dst), never interpolates,
 *       so labels keep their class values.
 * </ul>
 *
 * <p>Both compute only a window of the resized image: cropping a window of an image resized to
 * (width, height) gives the same pixels as resizing everything and cropping afterwards, at a
 * fraction of the cost when the scale is large.
 */
public final class Resize {
  private static final int COEF_BITS = 11;
  private static final int COEF_SCALE = 1 << COEF_BITS;

  private Resize() {}

  /** The whole image resized to width × height with INTER_LINEAR semantics. */
  public static RgbImage bilinear(RgbImage src, int width, int height) {
    return bilinear(src, width, height, new Window(0, 0, width, height));
  }

  /** The given window of {@code src} resized to width × height (INTER_LINEAR). */
  public static RgbImage bilinear(RgbImage src, int width, int height, Window window) {
    return bilinear(src, width, height, window, false);
  }

  /**
   * As {@link #bilinear(RgbImage, int, int, Window)}, mirrored left to right when {@code mirrored}:
   * the same pixels as resizing and then flipping, but the flip costs nothing (the column tables
   * are read backwards) instead of another pass over the crop.
   */
  public static RgbImage bilinear(RgbImage src, int width, int height, Window window, boolean mirrored) {
    window.checkInside(width, height);
    if (width == src.width() && height == src.height()) {
      return crop(src, window, mirrored);
    }
    if (width * 2 == src.width() && height * 2 == src.height()) {
      return halve(src, window, mirrored);
    }
    Axis xs = Axis.linear(src.width(), width, window.x(), window.width(), true);
    if (mirrored) {
      xs.reverse();
    }
    Axis ys = Axis.linear(src.height(), height, window.y(), window.height(), false);
    int ww = window.width();
    int stride = ww * 3;
    byte[] out = new byte[stride * window.height()];
    int[] row0 = new int[stride];
    int[] row1 = new int[stride];
    int row0Source = -1;
    int row1Source = -1;
    for (int dy = 0; dy < window.height(); dy++) {
      int sy0 = clamp(ys.index[dy], src.height());
      int sy1 = clamp(ys.index[dy] + 1, src.height());
      if (sy0 == row1Source) {
        int[] t = row0;
        row0 = row1;
        row1 = t;
        row0Source = sy0;
        row1Source = -1;
      }
      if (row0Source != sy0) {
        horizontal(src, sy0, xs, row0);
        row0Source = sy0;
      }
      if (row1Source != sy1) {
        horizontal(src, sy1, xs, row1);
        row1Source = sy1;
      }
      int b0 = ys.weight0[dy];
      int b1 = ys.weight1[dy];
      int o = dy * stride;
      for (int i = 0; i < stride; i++) {
        // OpenCV's VResizeLinear for uchar: drop 4 bits, multiply-high, round by 2 bits.
        int v = (((b0 * (row0[i] >> 4)) >> 16) + ((b1 * (row1[i] >> 4)) >> 16) + 2) >> 2;
        out[o + i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
      }
    }
    return new RgbImage(ww, window.height(), out);
  }

  /** The whole label image resized to width × height with INTER_NEAREST semantics. */
  public static LabelImage nearest(LabelImage src, int width, int height) {
    return nearest(src, width, height, new Window(0, 0, width, height));
  }

  /** The given window of {@code src} resized to width × height (INTER_NEAREST). */
  public static LabelImage nearest(LabelImage src, int width, int height, Window window) {
    return nearest(src, width, height, window, false);
  }

  /** As {@link #nearest(LabelImage, int, int, Window)}, mirrored left to right when {@code mirrored}. */
  public static LabelImage nearest(LabelImage src, int width, int height, Window window, boolean mirrored) {
    window.checkInside(width, height);
    return nearest(src, 1.0 / ((double) width / src.width()), 1.0 / ((double) height / src.height()), window,
        mirrored);
  }

  /**
   * Labels resized by a factor, like {@code cv2.resize(label, None, fx=f, fy=f, INTER_NEAREST)}:
   * the size is round(side · f) and the source index floor(dst / f).
   */
  public static LabelImage nearestByFactor(LabelImage src, double factor) {
    int width = (int) Math.rint(src.width() * factor);
    int height = (int) Math.rint(src.height() * factor);
    return nearest(src, 1.0 / factor, 1.0 / factor, new Window(0, 0, width, height), false);
  }

  private static LabelImage nearest(LabelImage src, double inverseX, double inverseY, Window window,
      boolean mirrored) {
    int[] xIndex = nearestIndex(src.width(), inverseX, window.x(), window.width());
    if (mirrored) {
      reverse(xIndex);
    }
    int[] yIndex = nearestIndex(src.height(), inverseY, window.y(), window.height());
    int[] in = src.values();
    int[] out = new int[window.width() * window.height()];
    int o = 0;
    for (int dy = 0; dy < window.height(); dy++) {
      int row = yIndex[dy] * src.width();
      for (int dx = 0; dx < window.width(); dx++) {
        out[o++] = in[row + xIndex[dx]];
      }
    }
    return new LabelImage(window.width(), window.height(), out);
  }

  /** As {@link #nearest(LabelImage, int, int, Window, boolean)}, on a label of bytes. */
  public static ByteLabel nearest(ByteLabel src, int width, int height, Window window, boolean mirrored) {
    window.checkInside(width, height);
    return nearest(src, 1.0 / ((double) width / src.width()), 1.0 / ((double) height / src.height()), window,
        mirrored);
  }

  /** As {@link #nearestByFactor(LabelImage, double)}, on a label of bytes. */
  public static ByteLabel nearestByFactor(ByteLabel src, double factor) {
    int width = (int) Math.rint(src.width() * factor);
    int height = (int) Math.rint(src.height() * factor);
    return nearest(src, 1.0 / factor, 1.0 / factor, new Window(0, 0, width, height), false);
  }

  private static ByteLabel nearest(ByteLabel src, double inverseX, double inverseY, Window window,
      boolean mirrored) {
    int[] xIndex = nearestIndex(src.width(), inverseX, window.x(), window.width());
    if (mirrored) {
      reverse(xIndex);
    }
    int[] yIndex = nearestIndex(src.height(), inverseY, window.y(), window.height());
    byte[] in = src.ids();
    byte[] out = new byte[window.width() * window.height()];
    int o = 0;
    for (int dy = 0; dy < window.height(); dy++) {
      int row = yIndex[dy] * src.width();
      for (int dx = 0; dx < window.width(); dx++) {
        out[o++] = in[row + xIndex[dx]];
      }
    }
    return new ByteLabel(window.width(), window.height(), out);
  }

  private static int[] nearestIndex(int srcSize, double inverse, int start, int count) {
    int[] index = new int[count];
    for (int i = 0; i < count; i++) {
      index[i] = Math.min((int) Math.floor((start + i) * inverse), srcSize - 1);
    }
    return index;
  }

  private static void reverse(int[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static int clamp(int index, int size) {
    return index < 0 ? 0 : Math.min(index, size - 1);
  }

  private static void horizontal(RgbImage src, int sy, Axis xs, int[] row) {
    byte[] in = src.rgb();
    int base = sy * src.width() * 3;
    int last = src.width() - 1;
    int[] index = xs.index;
    int[] w0 = xs.weight0;
    int[] w1 = xs.weight1;
    for (int dx = 0, o = 0; dx < index.length; dx++, o += 3) {
      int s0 = base + index[dx] * 3;
      int s1 = index[dx] < last ? s0 + 3 : s0;
      int a0 = w0[dx];
      int a1 = w1[dx];
      row[o] = (in[s0] & 0xFF) * a0 + (in[s1] & 0xFF) * a1;
      row[o + 1] = (in[s0 + 1] & 0xFF) * a0 + (in[s1 + 1] & 0xFF) * a1;
      row[o + 2] = (in[s0 + 2] & 0xFF) * a0 + (in[s1 + 2] & 0xFF) * a1;
    }
  }

  private static RgbImage crop(RgbImage src, Window window, boolean mirrored) {
    int stride = window.width() * 3;
    byte[] in = src.rgb();
    byte[] out = new byte[stride * window.height()];
    for (int dy = 0; dy < window.height(); dy++) {
      int from = ((window.y() + dy) * src.width() + window.x()) * 3;
      int o = dy * stride;
      if (!mirrored) {
        System.arraycopy(in, from, out, o, stride);
        continue;
      }
      for (int s = from + stride - 3; s >= from; s -= 3, o += 3) {
        out[o] = in[s];
        out[o + 1] = in[s + 1];
        out[o + 2] = in[s + 2];
      }
    }
    return new RgbImage(window.width(), window.height(), out);
  }

  private static RgbImage halve(RgbImage src, Window window, boolean mirrored) {
    byte[] in = src.rgb();
    int srcStride = src.width() * 3;
    byte[] out = new byte[window.width() * window.height() * 3];
    int o = 0;
    for (int dy = 0; dy < window.height(); dy++) {
      int top = (window.y() + dy) * 2 * srcStride;
      int bottom = top + srcStride;
      for (int dx = 0; dx < window.width(); dx++) {
        int s = (window.x() + (mirrored ? window.width() - 1 - dx : dx)) * 6;
        for (int c = 0; c < 3; c++) {
          int sum = (in[top + s + c] & 0xFF) + (in[top + s + 3 + c] & 0xFF)
              + (in[bottom + s + c] & 0xFF) + (in[bottom + s + 3 + c] & 0xFF);
          out[o++] = (byte) ((sum + 2) >> 2);
        }
      }
    }
    return new RgbImage(window.width(), window.height(), out);
  }

  /** Source indices and fixed-point weights along one axis, as OpenCV computes them. */
  private static final class Axis {
    final int[] index;
    final int[] weight0;
    final int[] weight1;

    private Axis(int count) {
      index = new int[count];
      weight0 = new int[count];
      weight1 = new int[count];
    }

    /** The same positions in the opposite order: the output comes out mirrored. */
    void reverse() {
      Resize.reverse(index);
      Resize.reverse(weight0);
      Resize.reverse(weight1);
    }

    /**
     * OpenCV clamps the fraction to 0 at the edges for columns only; rows outside the image keep
     * their fraction and read the clamped edge row twice, which rounds differently.
     */
    static Axis linear(int srcSize, int dstSize, int start, int count, boolean clampEdges) {
      double scale = 1.0 / ((double) dstSize / srcSize);
      Axis axis = new Axis(count);
      for (int i = 0; i < count; i++) {
        // OpenCV rounds the source position to float before splitting it.
        float f = (float) ((start + i + 0.5) * scale - 0.5);
        int s = (int) Math.floor(f);
        f -= s;
        if (clampEdges && s < 0) {
          f = 0;
          s = 0;
        }
        if (clampEdges && s >= srcSize - 1) {
          f = 0;
          s = srcSize - 1;
        }
        axis.index[i] = s;
        axis.weight0[i] = (int) Math.rint((1f - f) * COEF_SCALE);
        axis.weight1[i] = (int) Math.rint(f * COEF_SCALE);
      }
      return axis;
    }
  }
}
