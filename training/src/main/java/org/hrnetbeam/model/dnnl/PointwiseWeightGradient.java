package org.hrnetbeam.model.dnnl;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weight (and bias) gradient of a 1×1, stride-1, unpadded convolution as one matrix product:
 * with activations channels last, the input is a [pixels, iC] matrix and the output gradient a
 * [pixels, oC] one, so dW[oC, iC] = dyᵀ·x and db = the column sums of dy.
 *
 * <p>Why: oneDNN 2.5's backward-weights kernel for 1×1 convolutions on channels-last data
 * ({@code jit_1x1:avx512_common}), with the reorder of its blocked result to DL4J's layout, took
 * 1.1–4× the time of ND4J's gemm on the same matrices at W18/W48 widths in a side-by-side timing
 * (docs/PERFORMANCE.md, "Round 6 (D: overheads)"); only at 1024 pixels was the gemm slower, by
 * about 0.1 ms. The gemm writes DL4J's [oC, iC] layout directly.
 */
final class PointwiseWeightGradient {
  private PointwiseWeightGradient() {
  }

  /** Whether {@code g} is a convolution this class computes: 1×1 kernel, stride 1, no padding. */
  static boolean applies(ConvGeometry g) {
    return g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padTop() == 0
        && g.padLeft() == 0;
  }

  /**
   * Writes dW into {@code dw} ([oC, iC, 1, 1], any strides) and, when {@code db} is not null, db
   * into it (rank 1 or any shape of oC elements).
   *
   * @param x  the input, NCHW-shaped with channels-last memory ({@code Dnnl.channelsLast})
   * @param dy the output gradient, the same
   */
  static void compute(INDArray x, INDArray dy, INDArray dw, INDArray db, Scratch scratch) {
    INDArray input = pixelMatrix(x);
    INDArray outputGradient = pixelMatrix(dy);
    long oc = dw.size(0);
    long ic = dw.size(1);
    boolean direct = dw.stride(0) == ic && dw.stride(1) == 1;
    INDArray target = direct ? matrix(dw, oc, ic) : scratch.floats(oc, ic);
    Nd4j.gemm(outputGradient, input, target, true, false, 1.0, 0.0);
    if (!direct) {
      dw.assign(target.reshape(dw.shape()));
    }
    if (db != null) {
      db.assign(outputGradient.sum(0).reshape(db.shape()));
    }
  }

  /** The [N·H·W, C] matrix view of a channels-last NCHW-shaped array (no copy). */
  private static INDArray pixelMatrix(INDArray nchw) {
    if (!Dnnl.channelsLast(nchw)) {
      throw new IllegalArgumentException("pointwise weight gradient needs channels-last arrays, got "
          + nchw.shapeInfoToString());
    }
    return matrix(nchw, nchw.size(0) * nchw.size(2) * nchw.size(3), nchw.size(1));
  }

  /** A dense c-order [rows, cols] view of {@code a}'s memory from its first element. */
  private static INDArray matrix(INDArray a, long rows, long cols) {
    if (a.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("pointwise weight gradient takes float32 arrays, got " + a.dataType());
    }
    return Nd4j.create(a.data(), new long[]{rows, cols}, new long[]{cols, 1}, a.offset(), 'c');
  }
}
