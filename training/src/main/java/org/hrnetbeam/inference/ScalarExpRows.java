package org.hrnetbeam.inference;

/** {@link ExpRowKernel} one value at a time: the reference arithmetic, and the fallback everywhere. */
final class ScalarExpRows implements ExpRowKernel {
  @Override
  public void addExp(float[] values, int from, float[] out, int dst, int width) {
    for (int x = 0; x < width; x++) {
      out[dst + x] += FastExp.exp(values[from + x]);
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
