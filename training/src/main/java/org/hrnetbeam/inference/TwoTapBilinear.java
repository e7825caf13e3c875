package org.hrnetbeam.inference;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.hrnetbeam.model.BilinearTaps;
import org.hrnetbeam.model.BilinearWeights;

/**
 * Bilinear resize of {@link Planes} with PyTorch's {@code F.interpolate(mode='bilinear')} sampling
 * in either align_corners convention, taken from the model's {@link BilinearWeights} (as
 * {@link BilinearTaps}, which the model's resize and the loss use too) so evaluation
 * and network agree. Every output value mixes at most two inputs per axis, so this runs the two
 * taps directly (rows first, then columns) instead of the dense matrix products the model needs for
 * its backward pass: resizing 19×256×512 logits to 1024×2048 costs about 0.2 G multiply-adds here
 * against about 15 G as matrix products.
 *
 * <p>With align_corners=false this is also OpenCV's {@code INTER_LINEAR} on float images (same
 * half-pixel source coordinate, clamped at the borders), which the reference uses to rescale test
 * images.
 */
public final class TwoTapBilinear {
  private static final int MAX_REMEMBERED = 64;
  private static final Map<Long, BilinearTaps> TAPS = new ConcurrentHashMap<>();

  private TwoTapBilinear() {
  }

  /** {@code planes} resized to {@code outHeight × outWidth}; the same object when the size is unchanged. */
  public static Planes resize(Planes planes, int outHeight, int outWidth, boolean alignCorners) {
    int c = planes.channels();
    int h = planes.height();
    int w = planes.width();
    if (h == outHeight && w == outWidth) {
      return planes;
    }
    BilinearTaps rows = taps(h, outHeight, alignCorners);
    BilinearTaps cols = taps(w, outWidth, alignCorners);
    float[] in = planes.data();
    float[] out = new float[c * outHeight * outWidth];
    IntStream.range(0, c).parallel().forEach(ch -> {
      float[] widened = new float[h * outWidth];
      for (int y = 0; y < h; y++) {
        int src = (ch * h + y) * w;
        int dst = y * outWidth;
        for (int x = 0; x < outWidth; x++) {
          widened[dst + x] = cols.w0[x] * in[src + cols.i0[x]] + cols.w1[x] * in[src + cols.i1[x]];
        }
      }
      for (int y = 0; y < outHeight; y++) {
        int a = rows.i0[y] * outWidth;
        int b = rows.i1[y] * outWidth;
        float wa = rows.w0[y];
        float wb = rows.w1[y];
        int dst = (ch * outHeight + y) * outWidth;
        for (int x = 0; x < outWidth; x++) {
          out[dst + x] = wa * widened[a + x] + wb * widened[b + x];
        }
      }
    });
    return Planes.wrap(c, outHeight, outWidth, out);
  }

  /**
   * Adds {@code planes} resized to {@code total}'s size into {@code total}: {@code total += resize(planes, ...)}
   * without the resized copy (at 1024×2048, 160 MB for 19 classes), with the same float results.
   */
  public static void resizeAddInto(Planes planes, Planes total, boolean alignCorners) {
    resizeAddInto(planes, null, total, alignCorners);
  }

  /**
   * As {@link #resizeAddInto(Planes, Planes, boolean)} for {@code planes} each of whose pixels i is
   * first divided by {@code count[i]} (the mean over overlapping windows),
   * dividing as the values are read instead of in a pass of its own; the same float results.
   *
   * @param count per pixel of one plane, or null for no division
   */
  public static void resizeAddInto(Planes planes, int[] count, Planes total, boolean alignCorners) {
    if (planes.channels() != total.channels()) {
      throw new IllegalArgumentException("planes " + planes.shape() + " do not match " + total.shape());
    }
    int h = planes.height();
    int w = planes.width();
    if (count != null && count.length != h * w) {
      throw new IllegalArgumentException(count.length + " counts for " + h + "x" + w + " pixels");
    }
    float[] divisor = count == null ? null : floats(count);
    int outHeight = total.height();
    int outWidth = total.width();
    float[] in = planes.data();
    float[] out = total.data();
    if (h == outHeight && w == outWidth) {
      IntStream.range(0, planes.channels()).parallel().forEach(ch -> {
        int base = ch * h * w;
        for (int i = 0; i < h * w; i++) {
          out[base + i] += divisor == null ? in[base + i] : in[base + i] / divisor[i];
        }
      });
      return;
    }
    BilinearTaps rows = taps(h, outHeight, alignCorners);
    BilinearTaps cols = taps(w, outWidth, alignCorners);
    RowKernel kernel = RowKernels.kernel();
    IntStream.range(0, planes.channels()).parallel().forEach(ch -> {
      float[] widened = divisor == null ? widen(planes, ch, cols) : widenDivided(kernel, planes, divisor, ch, cols);
      for (int y = 0; y < outHeight; y++) {
        kernel.addResizedRow(widened, rows.i0[y] * outWidth, rows.i1[y] * outWidth, rows.w0[y], rows.w1[y], out,
            (ch * outHeight + y) * outWidth, outWidth);
      }
    });
  }

  private static float[] floats(int[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /**
   * {@link #widen} of the channel's values each divided by {@code divisor} at its pixel: a source
   * row is divided once (a vector loop) before its taps read it, rather than twice per output value.
   */
  private static float[] widenDivided(RowKernel kernel, Planes planes, float[] divisor, int channel,
      BilinearTaps cols) {
    int h = planes.height();
    int w = planes.width();
    int outWidth = cols.out;
    float[] in = planes.data();
    float[] widened = new float[h * outWidth];
    float[] divided = new float[w];
    for (int y = 0; y < h; y++) {
      kernel.divideRow(in, (channel * h + y) * w, divisor, y * w, divided, w);
      kernel.widenRow(divided, 0, cols.i0, cols.i1, cols.w0, cols.w1, widened, y * outWidth, outWidth);
    }
    return widened;
  }

  /**
   * The taps of one axis, remembered: {@link BilinearTaps#of} walks a dense in × out matrix (7 M
   * entries for 3584 → 2048), and multi-scale evaluation asks for the same few sizes on every image.
   */
  static BilinearTaps taps(int in, int out, boolean alignCorners) {
    long key = ((long) in << 32) | ((long) out << 1) | (alignCorners ? 1 : 0);
    BilinearTaps known = TAPS.get(key);
    if (known != null) {
      return known;
    }
    if (TAPS.size() >= MAX_REMEMBERED) {
      // Images of ever new sizes: start over rather than grow without bound.
      TAPS.clear();
    }
    BilinearTaps made = BilinearTaps.of(in, out, alignCorners);
    TAPS.put(key, made);
    return made;
  }

  /**
   * One channel of {@code planes} resized along the width only: {@code height × outWidth}, the first
   * half of {@link #resize} (the same float operations, so results match it bit for bit).
   */
  static float[] widen(Planes planes, int channel, BilinearTaps cols) {
    return widen(planes, channel, cols.i0, cols.i1, cols.w0, cols.w1);
  }

  /**
   * {@link #widen} with each row mirrored left to right ({@code result[y][x] = widen[y][outWidth − 1 − x]}),
   * every value computed by the same float operations (the taps taken in mirrored order), so bit for
   * bit the mirrored {@link #widen}.
   */
  static float[] widenMirrored(Planes planes, int channel, BilinearTaps cols) {
    int n = cols.out;
    int[] i0 = new int[n];
    int[] i1 = new int[n];
    float[] w0 = new float[n];
    float[] w1 = new float[n];
    for (int x = 0; x < n; x++) {
      i0[x] = cols.i0[n - 1 - x];
      i1[x] = cols.i1[n - 1 - x];
      w0[x] = cols.w0[n - 1 - x];
      w1[x] = cols.w1[n - 1 - x];
    }
    return widen(planes, channel, i0, i1, w0, w1);
  }

  private static float[] widen(Planes planes, int channel, int[] i0, int[] i1, float[] w0, float[] w1) {
    int h = planes.height();
    int w = planes.width();
    int outWidth = i0.length;
    float[] in = planes.data();
    float[] widened = new float[h * outWidth];
    RowKernel kernel = RowKernels.kernel();
    for (int y = 0; y < h; y++) {
      kernel.widenRow(in, (channel * h + y) * w, i0, i1, w0, w1, widened, y * outWidth, outWidth);
    }
    return widened;
  }
}
