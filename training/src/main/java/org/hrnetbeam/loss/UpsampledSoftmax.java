package org.hrnetbeam.loss;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.hrnetbeam.model.BilinearTaps;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What both criteria share, as the reference computes it: the logits [N, C, h, w] upsampled
 * bilinearly to the label size [H, W], then a softmax over the classes at every pixel. Given a
 * coefficient k_i per pixel (0 for pixels that do not count) it returns Σ k_i·(−log p_i(y_i)) and
 * the gradient of that sum w.r.t. the logits, Σ k_i·(p_i − onehot(y_i)) taken back through the
 * upsampling.
 *
 * <p>Why a single pass of our own: built from ND4J ops (resize by matrix products, permute copies,
 * log-softmax, exp, copies into Java arrays and back, the backward products) the loss took about
 * 14% of a W18-small-v1 train step at 256×512. Here a full-resolution row of scores exists only
 * while it is used: each source row is widened once (width taps), each output row mixes two
 * widened rows (height taps), takes its softmax, and scatters its gradient back to the two source
 * rows; the width taps are reversed once per source row at the end. Same two-tap weights as the
 * model's resize ({@link BilinearTaps}), so the arithmetic is the matrix products' without their zeros.
 *
 * <p>Work is cut into fixed bands of output rows, each with its own gradient buffer, summed in band
 * order: results do not depend on the number of threads.
 */
final class UpsampledSoftmax {
  /** Output rows per parallel task. */
  private static final int BAND_ROWS = 16;

  private final int n;
  private final int c;
  private final int h;
  private final int w;
  private final BilinearTaps rows;
  private final BilinearTaps cols;
  /** The logits widened to the label width: [N][C][h][W]. */
  private final float[] widened;

  private UpsampledSoftmax(int n, int c, int h, int w, BilinearTaps rows, BilinearTaps cols, float[] widened) {
    this.n = n;
    this.c = c;
    this.h = h;
    this.w = w;
    this.rows = rows;
    this.cols = cols;
    this.widened = widened;
  }

  /**
   * @param logits [N, C, h, w] (any floating type; computed in float32 as the reference)
   * @param outH   label height H
   * @param outW   label width W
   */
  static UpsampledSoftmax of(INDArray logits, int outH, int outW, boolean alignCorners) {
    if (logits.rank() != 4) {
      throw new IllegalArgumentException("logits must be [N, C, h, w], got " + Arrays.toString(logits.shape()));
    }
    int n = (int) logits.size(0);
    int c = (int) logits.size(1);
    int h = (int) logits.size(2);
    int w = (int) logits.size(3);
    float[] x = floats(logits);
    BilinearTaps rows = BilinearTaps.of(h, outH, alignCorners);
    BilinearTaps cols = BilinearTaps.of(w, outW, alignCorners);
    float[] widened = new float[n * c * h * outW];
    IntStream.range(0, n * c).parallel().forEach(plane -> {
      for (int r = 0; r < h; r++) {
        int src = (plane * h + r) * w;
        int dst = (plane * h + r) * outW;
        for (int j = 0; j < outW; j++) {
          widened[dst + j] = cols.w0[j] * x[src + cols.i0[j]] + cols.w1[j] * x[src + cols.i1[j]];
        }
      }
    });
    return new UpsampledSoftmax(n, c, h, w, rows, cols, widened);
  }

  /**
   * log p(y) of every pixel whose label is not {@code ignoreLabel}, into {@code out} [N·H·W]
   * (other entries are left alone). Labels must already be checked to lie in [0, C).
   */
  void trueClassLogProb(int[] labels, int ignoreLabel, float[] out) {
    int bands = bandCount();
    IntStream.range(0, n * bands).parallel().forEach(task ->
        band(task / bands, task % bands, labels, ignoreLabel, null, out, null));
  }

  /**
   * Σ k_i·(−log p_i(y_i)) over the pixels, and into {@code gradient} [N, C, h, w] (c order,
   * overwritten) {@code scale}·Σ k_i·(p_i − onehot(y_i)) taken back to the logits.
   *
   * @param coefficient k per pixel [N·H·W]; a pixel with k = 0 is skipped, and only such pixels
   *     may carry a label outside [0, C)
   */
  double lossAndGradient(int[] labels, double[] coefficient, double scale, float[] gradient) {
    int bands = bandCount();
    double[] losses = new double[n * bands];
    float[][] buffers = new float[n * bands][];
    IntStream.range(0, n * bands).parallel().forEach(task -> {
      int b = task / bands;
      int j = task % bands;
      buffers[task] = new float[c * sourceSpan(j) * cols.out];
      losses[task] = band(b, j, labels, 0, new Coefficients(coefficient, scale), null, buffers[task]);
    });
    IntStream.range(0, n * c).parallel().forEach(plane -> widthBackward(plane, bands, buffers, gradient));
    double loss = 0;
    for (double l : losses) {
      loss += l;
    }
    return loss;
  }

  private record Coefficients(double[] perPixel, double scale) {
  }

  private int bandCount() {
    return (rows.out + BAND_ROWS - 1) / BAND_ROWS;
  }

  private int firstSourceRow(int band) {
    int lo = Integer.MAX_VALUE;
    for (int y = band * BAND_ROWS; y < Math.min(rows.out, (band + 1) * BAND_ROWS); y++) {
      lo = Math.min(lo, Math.min(rows.i0[y], rows.i1[y]));
    }
    return lo;
  }

  private int sourceSpan(int band) {
    int hi = 0;
    for (int y = band * BAND_ROWS; y < Math.min(rows.out, (band + 1) * BAND_ROWS); y++) {
      hi = Math.max(hi, Math.max(rows.i0[y], rows.i1[y]));
    }
    return hi - firstSourceRow(band) + 1;
  }

  /**
   * One band of output rows of sample {@code b}. With {@code k} null it only writes log p(y) into
   * {@code logProbOut}; otherwise it scatters the gradient's height pass into {@code buffer}
   * [C][span][W] and returns the band's Σ k·(−log p(y)).
   */
  private double band(int b, int band, int[] labels, int ignoreLabel, Coefficients k, float[] logProbOut,
      float[] buffer) {
    int outW = cols.out;
    int outH = rows.out;
    int first = firstSourceRow(band);
    int span = k == null ? 0 : sourceSpan(band);
    float[] z = new float[c * outW];
    float[] max = new float[outW];
    float[] sum = new float[outW];
    float[] trueLogit = new float[outW];
    float[] scaleRow = new float[outW];
    double[] trueProb = new double[outW];
    double loss = 0;
    for (int y = band * BAND_ROWS; y < Math.min(outH, (band + 1) * BAND_ROWS); y++) {
      int pixel0 = (b * outH + y) * outW;
      float a0 = rows.w0[y];
      float a1 = rows.w1[y];
      for (int cls = 0; cls < c; cls++) {
        int u0 = ((b * c + cls) * h + rows.i0[y]) * outW;
        int u1 = ((b * c + cls) * h + rows.i1[y]) * outW;
        int zk = cls * outW;
        for (int x = 0; x < outW; x++) {
          z[zk + x] = a0 * widened[u0 + x] + a1 * widened[u1 + x];
        }
      }
      System.arraycopy(z, 0, max, 0, outW);
      for (int cls = 1; cls < c; cls++) {
        int zk = cls * outW;
        for (int x = 0; x < outW; x++) {
          max[x] = z[zk + x] > max[x] ? z[zk + x] : max[x];
        }
      }
      for (int x = 0; x < outW; x++) {
        int label = labels[pixel0 + x];
        boolean counts = k == null ? label != ignoreLabel : k.perPixel[pixel0 + x] != 0;
        trueLogit[x] = counts ? z[label * outW + x] : 0f;
      }
      Arrays.fill(sum, 0f);
      for (int cls = 0; cls < c; cls++) {
        int zk = cls * outW;
        for (int x = 0; x < outW; x++) {
          float e = SoftmaxExp.exp(z[zk + x] - max[x]);
          z[zk + x] = e;
          sum[x] += e;
        }
      }
      if (k == null) {
        for (int x = 0; x < outW; x++) {
          if (labels[pixel0 + x] != ignoreLabel) {
            logProbOut[pixel0 + x] = (float) ((double) (trueLogit[x] - max[x]) - Math.log(sum[x]));
          }
        }
        continue;
      }
      for (int x = 0; x < outW; x++) {
        double kx = k.perPixel[pixel0 + x];
        scaleRow[x] = (float) (kx * k.scale / sum[x]);
        if (kx != 0) {
          loss -= kx * ((double) (trueLogit[x] - max[x]) - Math.log(sum[x]));
          trueProb[x] = (double) z[labels[pixel0 + x] * outW + x] / sum[x];
        }
      }
      // z now holds e = exp(z − max); the gradient k·scale·(e / sum − onehot) replaces it.
      for (int cls = 0; cls < c; cls++) {
        int zk = cls * outW;
        for (int x = 0; x < outW; x++) {
          z[zk + x] *= scaleRow[x];
        }
      }
      for (int x = 0; x < outW; x++) {
        double kx = k.perPixel[pixel0 + x];
        if (kx != 0) {
          z[labels[pixel0 + x] * outW + x] = (float) (kx * k.scale * (trueProb[x] - 1.0));
        }
      }
      int o0 = (rows.i0[y] - first) * outW;
      int o1 = (rows.i1[y] - first) * outW;
      for (int cls = 0; cls < c; cls++) {
        int zk = cls * outW;
        int g0 = cls * span * outW + o0;
        int g1 = cls * span * outW + o1;
        for (int x = 0; x < outW; x++) {
          float g = z[zk + x];
          buffer[g0 + x] += a0 * g;
          buffer[g1 + x] += a1 * g;
        }
      }
    }
    return loss;
  }

  /**
   * One (sample, class) plane of the gradient: the bands' height-pass rows summed in band order,
   * then each row's width taps reversed into {@code gradient}.
   */
  private void widthBackward(int plane, int bands, float[][] buffers, float[] gradient) {
    int b = plane / c;
    int cls = plane % c;
    int outW = cols.out;
    float[] rowSum = new float[h * outW];
    for (int j = 0; j < bands; j++) {
      float[] buffer = buffers[b * bands + j];
      int first = firstSourceRow(j);
      int span = sourceSpan(j);
      int from = cls * span * outW;
      int to = first * outW;
      for (int i = 0; i < span * outW; i++) {
        rowSum[to + i] += buffer[from + i];
      }
    }
    int out = plane * h * w;
    Arrays.fill(gradient, out, out + h * w, 0f);
    for (int r = 0; r < h; r++) {
      int src = r * outW;
      int dst = out + r * w;
      for (int x = 0; x < outW; x++) {
        float g = rowSum[src + x];
        gradient[dst + cols.i0[x]] += cols.w0[x] * g;
        gradient[dst + cols.i1[x]] += cols.w1[x] * g;
      }
    }
  }

  /** The values of {@code a} in c order as float32. */
  static float[] floats(INDArray a) {
    INDArray dense = a.castTo(DataType.FLOAT).dup('c');
    float[] values = dense.data().asFloat();
    return values.length == dense.length() ? values : Arrays.copyOf(values, (int) dense.length());
  }
}
