package org.hrnetbeam.inference;

/**
 * The inner loop of evaluation that takes {@link FastExp} of every upsampled logit and adds it into
 * the window sum, one row at a time, so an implementation can run it lane-parallel. Every
 * implementation must give bit for bit the floats of {@link ScalarExpRows} (same operations in the
 * same order), so the metrics never depend on which one ran; {@link ExpRows} picks one.
 */
interface ExpRowKernel {
  /** {@code out[dst + x] += exp(values[from + x])} for x in [0, width). */
  void addExp(float[] values, int from, float[] out, int dst, int width);

  /** A name for benchmark tables. */
  String name();
}
