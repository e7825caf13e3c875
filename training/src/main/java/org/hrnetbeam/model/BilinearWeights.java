package org.hrnetbeam.model;

/**
 * One-dimensional bilinear interpolation as a dense matrix, the way PyTorch's
 * {@code F.interpolate(mode='bilinear')} samples along one axis.
 *
 * <p>A 2-D bilinear resize is separable: {@code out = Rh · X · Rwᵀ} for each (sample, channel)
 * plane, so its backward pass is {@code dX = Rhᵀ · dOut · Rw}. Both conventions are only
 * different matrices:
 * <ul>
 *   <li>align_corners=false: source {@code s = max(0, (d + 0.5)·in/out − 0.5)}</li>
 *   <li>align_corners=true: source {@code s = d·(in − 1)/(out − 1)} (0 when out = 1)</li>
 * </ul>
 * then {@code i0 = floor(s)}, {@code i1 = min(i0 + 1, in − 1)}, weights {@code 1 − (s − i0)} and
 * {@code s − i0}. Any sizes work, shrinking and odd ones included.
 */
public final class BilinearWeights {
  private BilinearWeights() {
  }

  /** Row-major {@code [out][in]} matrix mapping an axis of length {@code in} to length {@code out}. */
  public static double[][] matrix(int in, int out, boolean alignCorners) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("bilinear resize needs positive sizes, got in=" + in + " out=" + out);
    }
    double[][] m = new double[out][in];
    for (int d = 0; d < out; d++) {
      double s = sourceCoordinate(d, in, out, alignCorners);
      int i0 = Math.min((int) Math.floor(s), in - 1);
      int i1 = Math.min(i0 + 1, in - 1);
      double w1 = s - i0;
      m[d][i0] += 1.0 - w1;
      m[d][i1] += w1;
    }
    return m;
  }

  static double sourceCoordinate(int d, int in, int out, boolean alignCorners) {
    if (alignCorners) {
      return out > 1 ? d * (double) (in - 1) / (out - 1) : 0.0;
    }
    return Math.max(0.0, (d + 0.5) * in / out - 0.5);
  }
}
