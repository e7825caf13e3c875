package org.hrnetbeam.model;

/**
 * One axis of a bilinear resize as two taps per output index: output d reads source indices
 * {@code i0[d]} and {@code i1[d]} with weights {@code w0[d]} and {@code w1[d]}. The same numbers as
 * the model's {@link BilinearWeights} matrix (any size, both align_corners conventions), without its
 * zeros, so a resize (and its gradient) costs two multiply-adds per value and axis instead of a
 * matrix product's full rows.
 */
public final class BilinearTaps {
  /** Source length. */
  public final int in;
  /** Output length. */
  public final int out;
  /** First source index of each output index. */
  public final int[] i0;
  /** Second source index of each output index (equal to the first at a clamped border). */
  public final int[] i1;
  /** Weight of {@link #i0}. */
  public final float[] w0;
  /** Weight of {@link #i1}. */
  public final float[] w1;

  private BilinearTaps(int in, int out, int[] i0, int[] i1, float[] w0, float[] w1) {
    this.in = in;
    this.out = out;
    this.i0 = i0;
    this.i1 = i1;
    this.w0 = w0;
    this.w1 = w1;
  }

  /** The taps mapping an axis of length {@code in} to length {@code out}. */
  public static BilinearTaps of(int in, int out, boolean alignCorners) {
    double[][] m = BilinearWeights.matrix(in, out, alignCorners);
    int[] i0 = new int[out];
    int[] i1 = new int[out];
    float[] w0 = new float[out];
    float[] w1 = new float[out];
    for (int d = 0; d < out; d++) {
      int found = 0;
      for (int s = 0; s < in; s++) {
        if (m[d][s] == 0.0) {
          continue;
        }
        if (found == 0) {
          i0[d] = s;
          i1[d] = s;
          w0[d] = (float) m[d][s];
        } else if (found == 1) {
          i1[d] = s;
          w1[d] = (float) m[d][s];
        } else {
          throw new IllegalStateException("bilinear row " + d + " of " + in + "→" + out + " has more than two taps");
        }
        found++;
      }
    }
    return new BilinearTaps(in, out, i0, i1, w0, w1);
  }
}
