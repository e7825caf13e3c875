package org.hrnetbeam.model.ownstep;

import java.util.stream.IntStream;
import org.hrnetbeam.model.BilinearTaps;

/**
 * Bilinear resize of a channels-last array to another size and its gradient, as HRNet's fuse layers
 * upsample a coarse branch ({@code F.interpolate(mode='bilinear')}, either align_corners
 * convention, any sizes, odd ones included). The taps come from the model's {@link BilinearTaps}.
 *
 * <p>Each value is computed with the same float32 operations in the same order as the model's NCHW
 * resize vertex (width taps first, then height taps; the backward adds contributions in increasing
 * output index), so the results are bit-equal to it; only the memory walk differs: a row of W·C
 * contiguous floats at a time, split over the cores by output rows (forward, width pass) or input
 * rows (backward, height pass), which changes no sum's order.
 *
 * <p>The output may be a channel slice of a wider array ({@link #forward(NhwcArray, NhwcArray, int)}):
 * HRNet's head upsamples each branch straight into its place in the concatenation, with no
 * upsampled copy of its own (at W48, 512×1024, batch 2 those copies were 168 MiB) and no copy pass;
 * the backward then reads the output gradient from that slice.
 *
 * <p>The backward's intermediate (width pass done, height not) is kept for the life of the object.
 * Not thread-safe: one call at a time.
 */
public final class ChannelsLastResize {
  private final int batch;
  private final int channels;
  private final BilinearTaps rows;
  private final BilinearTaps cols;
  /** Backward scratch: the gradient taken back along the width only, [N, outH, inW, C]. */
  private final float[] widthBack;
  private final ThreadLocal<float[][]> rowBuffers;

  /** For inputs shaped as {@code input}, resized to {@code outHeight}×{@code outWidth}. */
  public ChannelsLastResize(NhwcArray input, int outHeight, int outWidth, boolean alignCorners) {
    if (outHeight < 1 || outWidth < 1) {
      throw new IllegalArgumentException("resize needs a positive output size, got " + outHeight + "x" + outWidth);
    }
    this.batch = input.batch;
    this.channels = input.channels;
    this.rows = BilinearTaps.of(input.height, outHeight, alignCorners);
    this.cols = BilinearTaps.of(input.width, outWidth, alignCorners);
    long scratch = (long) batch * outHeight * input.width * channels;
    if (scratch >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("resize of " + batch + "x" + channels + "x" + outHeight + "x" + input.width
          + " is too large for the Java passes");
    }
    this.widthBack = new float[(int) scratch];
    int rowFloats = Math.max(input.width, outWidth) * channels;
    this.rowBuffers = ThreadLocal.withInitial(() -> new float[][]{new float[rowFloats], new float[rowFloats],
        new float[rowFloats]});
  }

  /** An array of the resize's output shape. */
  public NhwcArray newOutputShaped() {
    return new NhwcArray(batch, channels, rows.out, cols.out);
  }

  /** {@code out} = {@code x} resized. */
  public void forward(NhwcArray x, NhwcArray out) {
    forward(x, out, 0);
  }

  /** {@code dx} = the gradient of {@link #forward}'s input given {@code gradOut}, the gradient of its output. */
  public void backward(NhwcArray gradOut, NhwcArray dx) {
    backward(gradOut, 0, dx);
  }

  /** Channels [offset, offset + C) of {@code out} = {@code x} resized; the other channels are left as they are. */
  void forward(NhwcArray x, NhwcArray out, int offset) {
    checkInput("input", x);
    checkSlice("output", out, offset);
    int c = channels;
    int wide = out.channels;
    int w = cols.in;
    int wo = cols.out;
    IntStream.range(0, batch * rows.out).parallel().forEach(task -> {
      int n = task / rows.out;
      int y = task % rows.out;
      float[][] buffers = rowBuffers.get();
      float[] upper = buffers[0];
      float[] lower = buffers[1];
      float[] result = buffers[2];
      x.buffer.get(((n * rows.in + rows.i0[y]) * w) * c, upper, 0, w * c);
      x.buffer.get(((n * rows.in + rows.i1[y]) * w) * c, lower, 0, w * c);
      float wa = rows.w0[y];
      float wb = rows.w1[y];
      for (int j = 0; j < wo; j++) {
        int s0 = cols.i0[j] * c;
        int s1 = cols.i1[j] * c;
        float v0 = cols.w0[j];
        float v1 = cols.w1[j];
        int d = j * c;
        for (int ch = 0; ch < c; ch++) {
          float a = v0 * upper[s0 + ch] + v1 * upper[s1 + ch];
          float b = v0 * lower[s0 + ch] + v1 * lower[s1 + ch];
          result[d + ch] = wa * a + wb * b;
        }
      }
      int rowStart = task * wo;
      for (int j = 0; j < wo; j++) {
        out.buffer.put((rowStart + j) * wide + offset, result, j * c, c);
      }
    });
  }

  /**
   * {@code dx} = the gradient of {@link #forward}'s input, given the gradient of its output in
   * channels [offset, offset + C) of {@code gradOut}.
   */
  void backward(NhwcArray gradOut, int offset, NhwcArray dx) {
    checkSlice("output gradient", gradOut, offset);
    checkInput("input gradient", dx);
    int c = channels;
    int wide = gradOut.channels;
    int w = cols.in;
    int wo = cols.out;
    int ho = rows.out;
    // Width pass: one output row at a time; each element sums over output columns in increasing order.
    IntStream.range(0, batch * ho).parallel().forEach(task -> {
      float[] g = rowBuffers.get()[0];
      int rowStart = task * wo;
      for (int j = 0; j < wo; j++) {
        gradOut.buffer.get((rowStart + j) * wide + offset, g, j * c, c);
      }
      int base = task * w * c;
      java.util.Arrays.fill(widthBack, base, base + w * c, 0f);
      for (int j = 0; j < wo; j++) {
        int s0 = base + cols.i0[j] * c;
        int s1 = base + cols.i1[j] * c;
        float v0 = cols.w0[j];
        float v1 = cols.w1[j];
        int d = j * c;
        for (int ch = 0; ch < c; ch++) {
          widthBack[s0 + ch] += v0 * g[d + ch];
        }
        for (int ch = 0; ch < c; ch++) {
          widthBack[s1 + ch] += v1 * g[d + ch];
        }
      }
    });
    // Height pass: one input row at a time, summing over output rows in increasing order.
    IntStream.range(0, batch * rows.in).parallel().forEach(task -> {
      int n = task / rows.in;
      int r = task % rows.in;
      float[] result = rowBuffers.get()[2];
      java.util.Arrays.fill(result, 0, w * c, 0f);
      for (int y = 0; y < ho; y++) {
        int from = (n * ho + y) * w * c;
        if (rows.i0[y] == r) {
          addScaled(result, widthBack, from, rows.w0[y], w * c);
        }
        if (rows.i1[y] == r) {
          addScaled(result, widthBack, from, rows.w1[y], w * c);
        }
      }
      dx.buffer.put(task * w * c, result, 0, w * c);
    });
  }

  private static void addScaled(float[] into, float[] from, int offset, float weight, int length) {
    for (int i = 0; i < length; i++) {
      into[i] += weight * from[offset + i];
    }
  }

  private void checkInput(String what, NhwcArray a) {
    if (a.batch != batch || a.channels != channels || a.height != rows.in || a.width != cols.in) {
      throw new IllegalArgumentException("resize " + what + " must be " + batch + "x" + channels + "x" + rows.in + "x"
          + cols.in + " (NCHW sizes), got " + a.batch + "x" + a.channels + "x" + a.height + "x" + a.width);
    }
  }

  private void checkSlice(String what, NhwcArray wide, int offset) {
    if (wide.batch != batch || wide.height != rows.out || wide.width != cols.out || offset < 0
        || offset + channels > wide.channels) {
      throw new IllegalArgumentException("resize " + what + ": channels [" + offset + ", " + (offset + channels)
          + ") of a " + batch + "x?x" + rows.out + "x" + cols.out + " array wanted, got " + wide.batch + "x"
          + wide.channels + "x" + wide.height + "x" + wide.width + " (NCHW sizes)");
    }
  }
}
