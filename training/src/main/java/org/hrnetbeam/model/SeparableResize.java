package org.hrnetbeam.model;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies {@code left · X · right} to every (sample, channel) plane of an NCHW tensor with two matrix
 * products: one over all rows at once for the width axis, then one batched product (one {@code left}
 * per plane) for the height axis. With the bilinear matrices this is the resize; with their
 * transposes, its exact gradient.
 *
 * <p>Why batched: the height pass as a single 2-D product needs H moved to the front and back
 * again, two strided copies that cost 3–6× the batched product (measured on the HRNet sizes).
 */
final class SeparableResize {
  private SeparableResize() {
  }

  /**
   * @param x     [N, C, H, W]
   * @param left  [Ho, H]
   * @param right [W, Wo]
   * @return [N, C, Ho, Wo], allocated (with its intermediates) in the current workspace scope
   */
  static INDArray apply(INDArray x, INDArray left, INDArray right) {
    INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1), left.size(0), right.size(1));
    return into(x, perPlane(left, x.size(0) * x.size(1)), right, out);
  }

  /** {@code left} [Ho, H] repeated for {@code planes} planes: [planes, Ho, H], in the current scope. */
  static INDArray perPlane(INDArray left, long planes) {
    return Nd4j.tile(left.reshape('c', 1, left.size(0), left.size(1)), (int) planes, 1, 1);
  }

  /**
   * As {@link #apply}, writing the result into {@code out} [N, C, Ho, Wo] (dense, c order) and
   * returning it; the intermediate goes to the current workspace scope, so a caller can keep it out
   * of the workspace that holds {@code out}.
   *
   * @param leftPerPlane [N·C, Ho, H], see {@link #perPlane}
   */
  static INDArray into(INDArray x, INDArray leftPerPlane, INDArray right, INDArray out) {
    long n = x.size(0);
    long c = x.size(1);
    long h = x.size(2);
    long w = x.size(3);
    long planes = n * c;
    long ho = leftPerPlane.size(1);
    long wo = right.size(1);
    if (leftPerPlane.rank() != 3 || leftPerPlane.size(0) != planes || leftPerPlane.size(2) != h
        || right.size(0) != w) {
      throw new IllegalArgumentException("resize matrices " + Arrays.toString(leftPerPlane.shape()) + " and "
          + Arrays.toString(right.shape()) + " do not fit input " + Arrays.toString(x.shape()));
    }
    if (out.ordering() != 'c' || out.isView() || out.length() != planes * ho * wo) {
      throw new IllegalArgumentException("resize output must be a dense c-ordered [" + n + ", " + c + ", " + ho
          + ", " + wo + "] array, got " + Arrays.toString(out.shape()));
    }
    // A c-ordered, dense input reshapes as a view; anything else is copied once.
    INDArray dense = x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
    INDArray widthDone = dense.reshape('c', planes * h, w).mmul(right).reshape('c', planes, h, wo);
    Nd4j.matmul(leftPerPlane, widthDone, out.reshape('c', planes, ho, wo));
    return out;
  }
}
