package org.hrnetbeam.inference;

/**
 * The inner loops of evaluation's post-processing, one row at a time, so an implementation can run
 * them lane-parallel: the horizontal pass of the 2-tap bilinear resize, its vertical pass (alone, as
 * a flip mean, or added into a sum), the division by window counts, and {@link FastExp} added into
 * the window sum.
 * Every implementation must give bit for bit the floats of {@link ScalarRowKernel} (same operations
 * in the same order), so the metrics never depend on which one ran; {@link RowKernels} picks one.
 *
 * <p>In the resize rows, {@code a} and {@code b} are where the two source rows start in
 * {@code widened} (rows already resized along the width) and {@code wa}, {@code wb} their weights.
 */
interface RowKernel {
  /**
   * The horizontal pass: {@code out[dst + x] = w0[x]·in[src + i0[x]] + w1[x]·in[src + i1[x]]} for x in
   * [0, width): a row resized along the width by its taps ({@link org.hrnetbeam.model.BilinearTaps}'s arrays).
   */
  void widenRow(float[] in, int src, int[] i0, int[] i1, float[] w0, float[] w1, float[] out, int dst, int width);

  /** {@code row[x] = wa·widened[a + x] + wb·widened[b + x]} for x in [0, width). */
  void resizedRow(float[] widened, int a, int b, float wa, float wb, float[] row, int width);

  /**
   * The flip mean of two resized rows: {@code row[x] = (resized(widened) + resized(reversed))·0.5},
   * each resized as {@link #resizedRow}, where {@code reversed} holds the flipped run's rows mirrored back.
   */
  void meanOfResizedRows(float[] widened, float[] reversed, int a, int b, float wa, float wb, float[] row, int width);

  /** {@code out[dst + x] += wa·widened[a + x] + wb·widened[b + x]} for x in [0, width). */
  void addResizedRow(float[] widened, int a, int b, float wa, float wb, float[] out, int dst, int width);

  /** {@code row[x] = values[from + x] / divisors[at + x]} for x in [0, width). */
  void divideRow(float[] values, int from, float[] divisors, int at, float[] row, int width);

  /** {@code out[dst + x] += exp(values[from + x])} for x in [0, width), exp as {@link FastExp#exp}. */
  void addExp(float[] values, int from, float[] out, int dst, int width);

  /** A name for benchmark tables. */
  String name();
}
