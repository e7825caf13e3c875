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
    ChannelVectors.write(means, mean);
    ChannelVectors.write(variances, variance);
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
    float[] mu = ChannelVectors.read(mean, c);
    float[] var = ChannelVectors.read(variance, c);
    float[] g = ChannelVectors.read(gamma, c);
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
    ChannelVectors.write(dGammas, dGamma);
    ChannelVectors.write(dBetas, dBeta);
  }

  /** Fixed chunks of pixel blocks in the channels-last passes: the same sums in the same order on any thread count. */
  private static final int CHUNKS = 16;
  /** Pixels per block: a block of a channels-last array is BLOCK·C contiguous floats, of an NCHW one C runs of BLOCK. */
  private static final int BLOCK = 256;

  /**
   * As {@link #statistics} for a channels-last input: {@code x} is the dense c-ordered [N, H, W, C]
   * alias ({@link ChannelsLast#alias}). Per fixed chunk of pixels, float64 sums per channel, added in
   * chunk order.
   */
  static void statisticsChannelsLast(INDArray x, INDArray mean, INDArray variance) {
    Blocks b = new Blocks(x);
    FloatBuffer in = view(x);
    int base = (int) x.offset();
    int c = b.channels;
    double[][] sums = b.sumChunks(c, (n, p0, len, acc) -> {
      float[] block = scratch(0, len * c);
      in.get(base + b.lastOffset(n, p0), block, 0, len * c);
      for (int i = 0; i < len * c; i += c) {
        for (int ch = 0; ch < c; ch++) {
          acc[ch] += block[i + ch];
        }
      }
    });
    double count = (double) b.samples * b.plane;
    double[] m = new double[c];
    for (double[] chunk : sums) {
      for (int ch = 0; ch < c; ch++) {
        m[ch] += chunk[ch];
      }
    }
    for (int ch = 0; ch < c; ch++) {
      m[ch] /= count;
    }
    double[][] squares = b.sumChunks(c, (n, p0, len, acc) -> {
      float[] block = scratch(0, len * c);
      in.get(base + b.lastOffset(n, p0), block, 0, len * c);
      for (int i = 0; i < len * c; i += c) {
        for (int ch = 0; ch < c; ch++) {
          double d = block[i + ch] - m[ch];
          acc[ch] += d * d;
        }
      }
    });
    float[] means = new float[c];
    float[] variances = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double q = 0;
      for (double[] chunk : squares) {
        q += chunk[ch];
      }
      means[ch] = (float) m[ch];
      variances[ch] = (float) (q / count);
    }
    ChannelVectors.write(means, mean);
    ChannelVectors.write(variances, variance);
  }

  /**
   * Batch-norm normalisation of the channels-last {@code x} (dense [N, H, W, C] alias) into the dense
   * NCHW {@code out}: out = γ/√(var + eps)·(x − μ) + β per channel, in float32 as oneDNN's forward
   * computes it. Reading one layout and writing the other is the transpose the next layers need, for
   * free in this pass.
   */
  static void normaliseToNchw(INDArray x, INDArray mean, INDArray variance, INDArray gamma, INDArray beta, double eps,
      INDArray out) {
    Blocks b = new Blocks(x);
    int c = b.channels;
    float[] mu = ChannelVectors.read(mean, c);
    float[] var = ChannelVectors.read(variance, c);
    float[] g = ChannelVectors.read(gamma, c);
    float[] shift = ChannelVectors.read(beta, c);
    float[] scale = new float[c];
    for (int ch = 0; ch < c; ch++) {
      scale[ch] = g[ch] / (float) Math.sqrt(var[ch] + (float) eps);
    }
    FloatBuffer in = view(x);
    FloatBuffer dst = viewNchw(out, b);
    int base = (int) x.offset();
    int outBase = (int) out.offset();
    b.forEachBlock((n, p0, len) -> {
      float[] block = scratch(0, len * c);
      float[] run = scratch(1, len);
      in.get(base + b.lastOffset(n, p0), block, 0, len * c);
      for (int ch = 0; ch < c; ch++) {
        float s = scale[ch];
        float m = mu[ch];
        float t = shift[ch];
        for (int i = 0; i < len; i++) {
          run[i] = s * (block[i * c + ch] - m) + t;
        }
        dst.put(outBase + b.nchwOffset(n, ch, p0), run, 0, len);
      }
    });
  }

  /**
   * As {@link #backward} with {@code x} channels last (dense [N, H, W, C] alias) and {@code dy},
   * {@code dx} dense NCHW. Each dx value is the same float32 expression as there.
   */
  static void backwardChannelsLast(INDArray x, INDArray dy, INDArray mean, INDArray variance, INDArray gamma,
      double eps, INDArray dx, INDArray dGamma, INDArray dBeta) {
    Blocks b = new Blocks(x);
    int c = b.channels;
    float[] mu = ChannelVectors.read(mean, c);
    float[] var = ChannelVectors.read(variance, c);
    float[] g = ChannelVectors.read(gamma, c);
    FloatBuffer xs = view(x);
    FloatBuffer dys = viewNchw(dy, b);
    FloatBuffer out = viewNchw(dx, b);
    int xBase = (int) x.offset();
    int dyBase = (int) dy.offset();
    int outBase = (int) dx.offset();
    // acc holds Σ dy in [0, c) and Σ dy·(x − μ) in [c, 2c).
    double[][] sums = b.sumChunks(2 * c, (n, p0, len, acc) -> {
      float[] block = scratch(0, len * c);
      float[] run = scratch(1, len);
      xs.get(xBase + b.lastOffset(n, p0), block, 0, len * c);
      for (int ch = 0; ch < c; ch++) {
        dys.get(dyBase + b.nchwOffset(n, ch, p0), run, 0, len);
        float m = mu[ch];
        double sumDy = 0;
        double sumDyCentred = 0;
        for (int i = 0; i < len; i++) {
          sumDy += run[i];
          sumDyCentred += (double) run[i] * (block[i * c + ch] - m);
        }
        acc[ch] += sumDy;
        acc[c + ch] += sumDyCentred;
      }
    });
    double count = (double) b.samples * b.plane;
    float[] k = new float[c];
    float[] shift = new float[c];
    float[] slope = new float[c];
    float[] dGammas = new float[c];
    float[] dBetas = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double sumDy = 0;
      double sumDyCentred = 0;
      for (double[] chunk : sums) {
        sumDy += chunk[ch];
        sumDyCentred += chunk[c + ch];
      }
      double invStd = 1.0 / Math.sqrt(var[ch] + eps);
      dGammas[ch] = (float) (sumDyCentred * invStd);
      dBetas[ch] = (float) sumDy;
      k[ch] = (float) (g[ch] * invStd);
      shift[ch] = (float) (-g[ch] * invStd * sumDy / count);
      slope[ch] = (float) (-g[ch] * invStd * invStd * invStd * sumDyCentred / count);
    }
    b.forEachBlock((n, p0, len) -> {
      float[] block = scratch(0, len * c);
      float[] run = scratch(1, len);
      xs.get(xBase + b.lastOffset(n, p0), block, 0, len * c);
      for (int ch = 0; ch < c; ch++) {
        dys.get(dyBase + b.nchwOffset(n, ch, p0), run, 0, len);
        float m = mu[ch];
        for (int i = 0; i < len; i++) {
          run[i] = k[ch] * run[i] + slope[ch] * (block[i * c + ch] - m) + shift[ch];
        }
        out.put(outBase + b.nchwOffset(n, ch, p0), run, 0, len);
      }
    });
    ChannelVectors.write(dGammas, dGamma);
    ChannelVectors.write(dBetas, dBeta);
  }

  /** Per-thread scratch arrays (two slots), reused across blocks and calls: no garbage per block. */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

  /** This thread's scratch array {@code slot}, at least {@code size} long (contents undefined). */
  private static float[] scratch(int slot, int size) {
    float[][] buffers = SCRATCH.get();
    if (buffers[slot].length < size) {
      buffers[slot] = new float[size];
    }
    return buffers[slot];
  }

  /** The buffer of a dense NCHW array with the sizes of {@code b}'s channels-last array. */
  private static FloatBuffer viewNchw(INDArray a, Blocks b) {
    if (a.size(0) != b.samples || a.size(1) != b.channels || a.size(2) * a.size(3) != b.plane) {
      throw new IllegalArgumentException("expected NCHW [" + b.samples + ", " + b.channels + ", H, W] with H·W = "
          + b.plane + ", got " + a.shapeInfoToString());
    }
    return view(a);
  }

  /** Pixel blocks of one sample's plane over a channels-last [N, H, W, C] array. */
  private static final class Blocks {
    final int samples;
    final int channels;
    final int plane;
    final int perSample;

    Blocks(INDArray channelsLast) {
      samples = (int) channelsLast.size(0);
      channels = (int) channelsLast.size(3);
      plane = (int) (channelsLast.size(1) * channelsLast.size(2));
      perSample = (plane + BLOCK - 1) / BLOCK;
    }

    int lastOffset(int n, int p0) {
      return (n * plane + p0) * channels;
    }

    int nchwOffset(int n, int ch, int p0) {
      return (n * channels + ch) * plane + p0;
    }

    void forEachBlock(BlockWork work) {
      IntStream.range(0, samples * perSample).parallel().forEach(i -> run(i, work));
    }

    /** Fixed chunks of consecutive blocks, one accumulator of {@code width} each. */
    double[][] sumChunks(int width, BlockSum work) {
      int total = samples * perSample;
      int step = (total + CHUNKS - 1) / CHUNKS;
      double[][] acc = new double[CHUNKS][width];
      IntStream.range(0, CHUNKS).parallel().forEach(chunk -> {
        for (int i = chunk * step; i < Math.min(total, (chunk + 1) * step); i++) {
          run(i, (n, p0, len) -> work.run(n, p0, len, acc[chunk]));
        }
      });
      return acc;
    }

    private void run(int i, BlockWork work) {
      int n = i / perSample;
      int p0 = (i % perSample) * BLOCK;
      work.run(n, p0, Math.min(BLOCK, plane - p0));
    }
  }

  /** Work on pixels [p0, p0 + len) of sample n. */
  private interface BlockWork {
    void run(int n, int p0, int len);
  }

  /** As {@link BlockWork}, adding into {@code acc}. */
  private interface BlockSum {
    void run(int n, int p0, int len, double[] acc);
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
