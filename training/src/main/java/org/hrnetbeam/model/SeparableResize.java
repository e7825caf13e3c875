package org.hrnetbeam.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies {@code left · X · right} to every (sample, channel) plane of an NCHW tensor with two matrix
 * products: one over all rows at once for the width axis, one over all planes at once for the height
 * axis. With the bilinear matrices this is the resize; with their transposes, its exact gradient.
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
    INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1), left.size(0),
        right.size(1));
    return into(x, left, right, out);
  }

  /**
   * As {@link #apply}, writing the result into {@code out} [N, C, Ho, Wo] (c order) and returning it;
   * the intermediates go to the current workspace scope, so a caller can keep them out of the
   * workspace that holds {@code out}.
   */
  static INDArray into(INDArray x, INDArray left, INDArray right, INDArray out) {
    long n = x.size(0);
    long c = x.size(1);
    long h = x.size(2);
    long w = x.size(3);
    long ho = left.size(0);
    long wo = right.size(1);
    if (left.size(1) != h || right.size(0) != w) {
      throw new IllegalArgumentException("resize matrices " + java.util.Arrays.toString(left.shape()) + " and "
          + java.util.Arrays.toString(right.shape()) + " do not fit input "
          + java.util.Arrays.toString(x.shape()));
    }
    if (out.ordering() != 'c' || out.isView() || out.length() != n * c * ho * wo) {
      throw new IllegalArgumentException("resize output must be a dense c-ordered [" + n + ", " + c + ", " + ho
          + ", " + wo + "] array, got " + java.util.Arrays.toString(out.shape()));
    }
    long planes = n * c;
    // A c-ordered, dense input reshapes as a view; anything else is copied once.
    INDArray dense = x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
    INDArray rows = dense.reshape('c', planes * h, w);
    INDArray widthDone = rows.mmul(right);
    // Bring H to the front so one product resizes the height of every plane.
    INDArray heightFirst = widthDone.reshape('c', planes, h, wo).permute(1, 0, 2).dup('c').reshape('c', h, planes * wo);
    INDArray both = left.mmul(heightFirst);
    out.reshape('c', planes, ho, wo).assign(both.reshape('c', ho, planes, wo).permute(1, 0, 2));
    return out;
  }
}
