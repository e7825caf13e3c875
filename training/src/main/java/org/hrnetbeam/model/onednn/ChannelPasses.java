package org.hrnetbeam.model.onednn;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training-mode batch norm's per-channel work on dense NCHW float32 arrays, in Java over the arrays'
 * native memory, one channel per task: the batch statistics of the forward pass and the whole
 * backward pass.
 *
 * <p>Why: libnd4j's {@code batchnorm_bp} asks oneDNN for the backward with the statistics held
 * constant (0.24 ms for a 2×18×64×128 input) and then adds the terms from the statistics' own
 * dependence on the input with a chain of its array ops: 2.2 ms in all, 13% of a W18-small-v1 train
 * step. Two passes over x and dy do it all. The forward statistics replace a strided (0, 2, 3)
 * reduction and a centred copy of the input.
 *
 * <p>Sums run in float64 per channel (so no cancellation: the variance is the mean of squared
 * deviations from the mean of a first pass), results are rounded to float32 once.
 */
final class ChannelPasses {
  private ChannelPasses() {
  }

  /** Whether {@code a} is a float32 NCHW array laid out densely in c order, as these passes need. */
  static boolean fits(INDArray a) {
    return a.rank() == 4 && a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1
        && a.length() < Integer.MAX_VALUE;
  }

  /**
   * Per-channel mean and biased variance of {@code x} over (N, H, W), written into {@code mean} and
   * {@code variance} (rank-1 float32, length C).
   */
  static void statistics(INDArray x, INDArray mean, INDArray variance) {
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int plane = (int) (x.size(2) * x.size(3));
    FloatBuffer in = view(x);
    int base = (int) x.offset();
    float[] means = new float[c];
    float[] variances = new float[c];
    IntStream.range(0, c).parallel().forEach(ch -> {
      float[] values = gather(in, base, n, c, plane, ch);
      double sum = 0;
      for (float v : values) {
        sum += v;
      }
      double m = sum / values.length;
      double squares = 0;
      for (float v : values) {
        double d = v - m;
        squares += d * d;
      }
      means[ch] = (float) m;
      variances[ch] = (float) (squares / values.length);
    });
    mean.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(means));
    variance.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(variances));
  }

  /**
   * The training-mode batch-norm backward pass with batch statistics {@code mean}, {@code variance}:
   * with x̂ = (x − μ)/σ, σ = √(var + eps) and M = N·H·W, dβ = Σ dy, dγ = Σ dy·x̂ and
   * dx = γ/σ · (dy − dβ/M − x̂·dγ/M).
   *
   * @param dx     output, same shape as x (dense c order)
   * @param dGamma output, C values (any shape)
   * @param dBeta  output, C values (any shape)
   */
  static void backward(INDArray x, INDArray dy, INDArray mean, INDArray variance, INDArray gamma, double eps,
      INDArray dx, INDArray dGamma, INDArray dBeta) {
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int plane = (int) (x.size(2) * x.size(3));
    float[] mu = mean.castTo(DataType.FLOAT).reshape(c).toFloatVector();
    float[] var = variance.castTo(DataType.FLOAT).reshape(c).toFloatVector();
    float[] g = gamma.castTo(DataType.FLOAT).reshape(c).toFloatVector();
    FloatBuffer xs = view(x);
    FloatBuffer dys = view(dy);
    FloatBuffer out = view(dx);
    int xBase = (int) x.offset();
    int dyBase = (int) dy.offset();
    int outBase = (int) dx.offset();
    float[] dGammas = new float[c];
    float[] dBetas = new float[c];
    IntStream.range(0, c).parallel().forEach(ch -> {
      float[] xv = gather(xs, xBase, n, c, plane, ch);
      float[] dyv = gather(dys, dyBase, n, c, plane, ch);
      float m = mu[ch];
      double sumDy = 0;
      double sumDyCentred = 0;
      for (int i = 0; i < xv.length; i++) {
        sumDy += dyv[i];
        sumDyCentred += (double) dyv[i] * (xv[i] - m);
      }
      double invStd = 1.0 / Math.sqrt(var[ch] + eps);
      double count = xv.length;
      dGammas[ch] = (float) (sumDyCentred * invStd);
      dBetas[ch] = (float) sumDy;
      float k = (float) (g[ch] * invStd);
      float shift = (float) (-g[ch] * invStd * sumDy / count);
      float slope = (float) (-g[ch] * invStd * invStd * invStd * sumDyCentred / count);
      for (int i = 0; i < xv.length; i++) {
        xv[i] = k * dyv[i] + slope * (xv[i] - m) + shift;
      }
      scatter(xv, out, outBase, n, c, plane, ch);
    });
    dGamma.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(dGammas).reshape(dGamma.shape()));
    dBeta.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(dBetas).reshape(dBeta.shape()));
  }

  private static FloatBuffer view(INDArray a) {
    if (!fits(a)) {
      throw new IllegalArgumentException("expected a dense c-ordered float32 NCHW array, got " + a.shapeInfoToString());
    }
    return a.data().asNioFloat();
  }

  /** Channel {@code ch}'s N planes, one after another. */
  private static float[] gather(FloatBuffer buffer, int base, int n, int c, int plane, int ch) {
    float[] values = new float[n * plane];
    for (int b = 0; b < n; b++) {
      buffer.get(base + (b * c + ch) * plane, values, b * plane, plane);
    }
    return values;
  }

  private static void scatter(float[] values, FloatBuffer buffer, int base, int n, int c, int plane, int ch) {
    for (int b = 0; b < n; b++) {
      buffer.put(base + (b * c + ch) * plane, values, b * plane, plane);
    }
  }
}
