package org.hrnetbeam.model.ownstep;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Batch norm, ReLU and sums over channels-last float32 arrays, in Java, split over the cores in a
 * fixed number of pixel chunks. Reductions add one float64 accumulator per chunk in chunk order, so
 * the same input gives the same bits on any number of threads.
 *
 * <p>Each chunk walks its pixels in blocks: a block is {@link #BLOCK} pixels × C channels of
 * contiguous memory, copied into a per-thread Java array, worked on by the {@link PixelKernel}, and
 * copied back where the pass writes.
 */
final class ChannelsLastPasses {
  /** Pixel chunks per pass: enough to balance two to a few cores, few enough to add cheaply. */
  static final int CHUNKS = 16;
  private static final int BLOCK = 256;
  private static final PixelKernel KERNEL = PixelKernels.kernel();
  private static final ThreadLocal<float[][]> BLOCKS = ThreadLocal.withInitial(() -> new float[4][0]);

  private ChannelsLastPasses() {
  }

  /** Which {@link PixelKernel} runs in this JVM. */
  static String kernelName() {
    return KERNEL.name();
  }

  /**
   * Per-channel mean and biased variance of {@code z} over its N·H·W pixels, into {@code mean} and
   * {@code variance}. Sums are of the values minus the first pixel's (a shift near the data), so the
   * one-pass variance does not cancel badly when the mean is large against the spread.
   *
   * @param acc CHUNKS × 2C accumulators, kept by the caller (overwritten)
   */
  static void statistics(NhwcArray z, double[] mean, double[] variance, double[][] acc) {
    int c = z.channels;
    float[] shift = new float[c];
    z.buffer.get(0, shift, 0, c);
    forChunks(z.pixels(), (chunk, from, to) -> {
      double[] a = zero(acc[chunk], 2 * c);
      float[] block = block(0, BLOCK * c);
      for (int p = from; p < to; p += BLOCK) {
        int len = Math.min(BLOCK, to - p) * c;
        z.buffer.get(p * c, block, 0, len);
        KERNEL.shiftedSums(block, len, c, shift, a);
      }
    });
    double count = z.pixels();
    for (int ch = 0; ch < c; ch++) {
      double s1 = 0;
      double s2 = 0;
      for (double[] a : acc) {
        s1 += a[ch];
        s2 += a[c + ch];
      }
      double m = s1 / count;
      mean[ch] = shift[ch] + m;
      variance[ch] = Math.max(0, s2 / count - m * m);
    }
  }

  /**
   * {@code y = max(0, scale·z + offset + residual)} per channel (without the max when {@code relu}
   * is false); {@code residual} may be null. {@code y} may not be {@code z} or {@code residual}.
   */
  static void scaleAddRelu(NhwcArray z, float[] scale, float[] offset, NhwcArray residual, NhwcArray y,
      boolean relu) {
    int c = z.channels;
    forChunks(z.pixels(), (chunk, from, to) -> {
      float[] block = block(0, BLOCK * c);
      float[] res = block(1, BLOCK * c);
      for (int p = from; p < to; p += BLOCK) {
        int len = Math.min(BLOCK, to - p) * c;
        z.buffer.get(p * c, block, 0, len);
        if (residual != null) {
          residual.buffer.get(p * c, res, 0, len);
        }
        KERNEL.scaleAddRelu(block, residual == null ? null : res, len, c, scale, offset, relu);
        y.buffer.put(p * c, block, 0, len);
      }
    });
  }

  /**
   * The ReLU's backward pass and batch norm's backward sums in one pass: {@code g = dy} where
   * {@code y > 0}, else 0 ({@code g = dy} everywhere when {@code y} is null: no ReLU), written into
   * {@code g}; per chunk Σg into {@code acc[chunk][0, C)} and
   * Σg·(z − μ) into {@code acc[chunk][C, 2C)}. Reduce with {@link #columnSums}.
   */
  static void reluBackwardAndSums(NhwcArray y, NhwcArray dy, NhwcArray z, double[] mean, NhwcArray g,
      double[][] acc) {
    int c = z.channels;
    forChunks(z.pixels(), (chunk, from, to) -> {
      double[] a = zero(acc[chunk], 2 * c);
      float[] yb = block(0, BLOCK * c);
      float[] gb = block(1, BLOCK * c);
      float[] zb = block(2, BLOCK * c);
      for (int p = from; p < to; p += BLOCK) {
        int len = Math.min(BLOCK, to - p) * c;
        if (y != null) {
          y.buffer.get(p * c, yb, 0, len);
        }
        dy.buffer.get(p * c, gb, 0, len);
        z.buffer.get(p * c, zb, 0, len);
        KERNEL.reluBackwardSums(y == null ? null : yb, gb, zb, len, c, mean, a);
        g.buffer.put(p * c, gb, 0, len);
      }
    });
  }

  /** {@code out[j] = Σ over chunks of acc[chunk][j]}, in chunk order. */
  static void columnSums(double[][] acc, double[] out) {
    java.util.Arrays.fill(out, 0);
    for (double[] a : acc) {
      for (int j = 0; j < out.length; j++) {
        out[j] += a[j];
      }
    }
  }

  /**
   * Batch norm's input gradient from the reduced sums: {@code dz = k·g + slope·(z − μ) + shift} per
   * channel ({@link ConvBnReluUnit} derives k, slope, shift). {@code dz} may be {@code g}.
   */
  static void batchNormInputGradient(NhwcArray g, NhwcArray z, float[] mean, float[] k, float[] slope,
      float[] shift, NhwcArray dz) {
    int c = z.channels;
    forChunks(z.pixels(), (chunk, from, to) -> {
      float[] gb = block(0, BLOCK * c);
      float[] zb = block(1, BLOCK * c);
      for (int p = from; p < to; p += BLOCK) {
        int len = Math.min(BLOCK, to - p) * c;
        g.buffer.get(p * c, gb, 0, len);
        z.buffer.get(p * c, zb, 0, len);
        KERNEL.batchNormInputGradient(gb, zb, len, c, mean, k, slope, shift);
        dz.buffer.put(p * c, gb, 0, len);
      }
    });
  }

  /** {@code into += from}, element by element (same shape). */
  static void addInto(NhwcArray into, NhwcArray from) {
    int c = into.channels;
    forChunks(into.pixels(), (chunk, start, end) -> {
      float[] a = block(0, BLOCK * c);
      float[] b = block(1, BLOCK * c);
      for (int p = start; p < end; p += BLOCK) {
        int len = Math.min(BLOCK, end - p) * c;
        into.buffer.get(p * c, a, 0, len);
        from.buffer.get(p * c, b, 0, len);
        for (int i = 0; i < len; i++) {
          a[i] += b[i];
        }
        into.buffer.put(p * c, a, 0, len);
      }
    });
  }

  /** {@code out = a + b}, element by element (same shape; {@code out} may be {@code a}). */
  static void add(NhwcArray a, NhwcArray b, NhwcArray out) {
    int c = a.channels;
    forChunks(a.pixels(), (chunk, start, end) -> {
      float[] x = block(0, BLOCK * c);
      float[] y = block(1, BLOCK * c);
      for (int p = start; p < end; p += BLOCK) {
        int len = Math.min(BLOCK, end - p) * c;
        a.buffer.get(p * c, x, 0, len);
        b.buffer.get(p * c, y, 0, len);
        for (int i = 0; i < len; i++) {
          x[i] += y[i];
        }
        out.buffer.put(p * c, x, 0, len);
      }
    });
  }

  /** {@code out = max(0, a + b)}, element by element (same shape; {@code out} may be {@code a}). */
  static void addRelu(NhwcArray a, NhwcArray b, NhwcArray out) {
    int c = a.channels;
    forChunks(a.pixels(), (chunk, start, end) -> {
      float[] x = block(0, BLOCK * c);
      float[] y = block(1, BLOCK * c);
      for (int p = start; p < end; p += BLOCK) {
        int len = Math.min(BLOCK, end - p) * c;
        a.buffer.get(p * c, x, 0, len);
        b.buffer.get(p * c, y, 0, len);
        for (int i = 0; i < len; i++) {
          x[i] = Math.max(0f, x[i] + y[i]);
        }
        out.buffer.put(p * c, x, 0, len);
      }
    });
  }

  /** {@code g = dy} where {@code y > 0}, else 0: a plain ReLU's backward pass. */
  static void reluBackward(NhwcArray y, NhwcArray dy, NhwcArray g) {
    int c = y.channels;
    forChunks(y.pixels(), (chunk, start, end) -> {
      float[] yb = block(0, BLOCK * c);
      float[] gb = block(1, BLOCK * c);
      for (int p = start; p < end; p += BLOCK) {
        int len = Math.min(BLOCK, end - p) * c;
        y.buffer.get(p * c, yb, 0, len);
        dy.buffer.get(p * c, gb, 0, len);
        for (int i = 0; i < len; i++) {
          gb[i] = yb[i] > 0f ? gb[i] : 0f;
        }
        g.buffer.put(p * c, gb, 0, len);
      }
    });
  }

  /** {@code w −= lr·dw} over a whole float buffer (weights are small: one thread). */
  static void sgd(FloatBuffer w, FloatBuffer dw, int length, float lr) {
    for (int i = 0; i < length; i++) {
      w.put(i, w.get(i) - lr * dw.get(i));
    }
  }

  private interface ChunkWork {
    void run(int chunk, int fromPixel, int toPixel);
  }

  private static void forChunks(int pixels, ChunkWork work) {
    IntStream.range(0, CHUNKS).parallel().forEach(chunk -> work.run(chunk,
        (int) ((long) pixels * chunk / CHUNKS), (int) ((long) pixels * (chunk + 1) / CHUNKS)));
  }

  private static double[] zero(double[] a, int length) {
    java.util.Arrays.fill(a, 0, length, 0);
    return a;
  }

  /** This thread's reusable block {@code slot}, at least {@code size} floats (contents undefined). */
  private static float[] block(int slot, int size) {
    float[][] blocks = BLOCKS.get();
    if (blocks[slot].length < size) {
      blocks[slot] = new float[size];
    }
    return blocks[slot];
  }
}
