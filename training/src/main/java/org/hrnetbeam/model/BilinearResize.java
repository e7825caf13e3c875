package org.hrnetbeam.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bilinear resize of NCHW tensors outside a graph (losses, evaluation, the {@code --upsample} output),
 * with the same matrices and conventions as {@link ResizeBilinearVertex}.
 */
public final class BilinearResize {
  private BilinearResize() {
  }

  /** {@code x} [N, C, H, W] resized to [N, C, outH, outW]. */
  public static INDArray resize(INDArray x, int outH, int outW, boolean alignCorners) {
    if (x.size(2) == outH && x.size(3) == outW) {
      return x.dup();
    }
    INDArray rows = matrix((int) x.size(2), outH, alignCorners, x);
    INDArray cols = matrix((int) x.size(3), outW, alignCorners, x);
    return SeparableResize.apply(x, rows, cols.transpose());
  }

  /** The gradient w.r.t. the [N, C, inH, inW] input of {@link #resize}, given the gradient of its output. */
  public static INDArray backward(INDArray gradOut, int inH, int inW, boolean alignCorners) {
    if (gradOut.size(2) == inH && gradOut.size(3) == inW) {
      return gradOut.dup();
    }
    INDArray rows = matrix(inH, (int) gradOut.size(2), alignCorners, gradOut);
    INDArray cols = matrix(inW, (int) gradOut.size(3), alignCorners, gradOut);
    return SeparableResize.apply(gradOut, rows.transpose(), cols);
  }

  private static INDArray matrix(int in, int out, boolean alignCorners, INDArray like) {
    return Nd4j.create(BilinearWeights.matrix(in, out, alignCorners)).castTo(like.dataType());
  }
}
