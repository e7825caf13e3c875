package org.hrnetbeam.model;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bilinear resize of {@link ResizeBilinearVertex} and its gradient for dense float32 NCHW
 * arrays, two taps per value and axis ({@link BilinearTaps}), one (sample, channel) plane per task,
 * in Java over the arrays' native memory.
 *
 * <p>Why: {@link SeparableResize}'s dense matrix products multiply mostly zeros (a 64 → 128 axis is
 * 64 multiply-adds per value against 2 here); the resize vertices took about 8% of a W18-small-v1
 * train step that way. Same weights and the same width-then-height order as the products, so
 * results differ only in float32 rounding.
 */
final class TwoTapResize {
  private TwoTapResize() {
  }

  /** Whether {@code a} is a float32 NCHW array laid out densely in c order. */
  static boolean fits(INDArray a) {
    return a.rank() == 4 && a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1
        && a.length() < Integer.MAX_VALUE;
  }

  /** {@code x} [N, C, rows.in, cols.in] resized into {@code out} [N, C, rows.out, cols.out]. */
  static void forward(INDArray x, BilinearTaps rows, BilinearTaps cols, INDArray out) {
    int h = rows.in;
    int w = cols.in;
    int ho = rows.out;
    int wo = cols.out;
    FloatBuffer src = view(x);
    FloatBuffer dst = view(out);
    int srcBase = (int) x.offset();
    int dstBase = (int) out.offset();
    IntStream.range(0, (int) (x.size(0) * x.size(1))).parallel().forEach(plane -> {
      float[] in = new float[h * w];
      src.get(srcBase + plane * h * w, in);
      float[] widened = new float[h * wo];
      for (int r = 0; r < h; r++) {
        for (int j = 0; j < wo; j++) {
          widened[r * wo + j] = cols.w0[j] * in[r * w + cols.i0[j]] + cols.w1[j] * in[r * w + cols.i1[j]];
        }
      }
      float[] result = new float[ho * wo];
      for (int y = 0; y < ho; y++) {
        int a = rows.i0[y] * wo;
        int b = rows.i1[y] * wo;
        float wa = rows.w0[y];
        float wb = rows.w1[y];
        for (int j = 0; j < wo; j++) {
          result[y * wo + j] = wa * widened[a + j] + wb * widened[b + j];
        }
      }
      dst.put(dstBase + plane * ho * wo, result);
    });
  }

  /** The gradient w.r.t. the input of {@link #forward}: {@code gradOut} taken back into {@code dx}. */
  static void backward(INDArray gradOut, BilinearTaps rows, BilinearTaps cols, INDArray dx) {
    int h = rows.in;
    int w = cols.in;
    int ho = rows.out;
    int wo = cols.out;
    FloatBuffer src = view(gradOut);
    FloatBuffer dst = view(dx);
    int srcBase = (int) gradOut.offset();
    int dstBase = (int) dx.offset();
    IntStream.range(0, (int) (dx.size(0) * dx.size(1))).parallel().forEach(plane -> {
      float[] g = new float[ho * wo];
      src.get(srcBase + plane * ho * wo, g);
      float[] widthBack = new float[ho * w];
      for (int y = 0; y < ho; y++) {
        for (int j = 0; j < wo; j++) {
          float v = g[y * wo + j];
          widthBack[y * w + cols.i0[j]] += cols.w0[j] * v;
          widthBack[y * w + cols.i1[j]] += cols.w1[j] * v;
        }
      }
      float[] result = new float[h * w];
      for (int y = 0; y < ho; y++) {
        int a = rows.i0[y] * w;
        int b = rows.i1[y] * w;
        float wa = rows.w0[y];
        float wb = rows.w1[y];
        for (int j = 0; j < w; j++) {
          result[a + j] += wa * widthBack[y * w + j];
          result[b + j] += wb * widthBack[y * w + j];
        }
      }
      dst.put(dstBase + plane * h * w, result);
    });
  }

  private static FloatBuffer view(INDArray a) {
    if (!fits(a)) {
      throw new IllegalArgumentException("expected a dense c-ordered float32 NCHW array, got " + a.shapeInfoToString());
    }
    return a.data().asNioFloat();
  }
}
