package org.hrnetbeam.inference;

/** {@link RowKernel} one value at a time: the reference arithmetic, and the fallback everywhere. */
final class ScalarRowKernel implements RowKernel {
  @Override
  public void widenRow(float[] in, int src, int[] i0, int[] i1, float[] w0, float[] w1, float[] out, int dst,
      int width) {
    for (int x = 0; x < width; x++) {
      out[dst + x] = w0[x] * in[src + i0[x]] + w1[x] * in[src + i1[x]];
    }
  }

  @Override
  public void resizedRow(float[] widened, int a, int b, float wa, float wb, float[] row, int width) {
    for (int x = 0; x < width; x++) {
      row[x] = wa * widened[a + x] + wb * widened[b + x];
    }
  }

  @Override
  public void meanOfResizedRows(float[] widened, float[] reversed, int a, int b, float wa, float wb, float[] row,
      int width) {
    for (int x = 0; x < width; x++) {
      float plain = wa * widened[a + x] + wb * widened[b + x];
      float back = wa * reversed[a + x] + wb * reversed[b + x];
      row[x] = (plain + back) * 0.5f;
    }
  }

  @Override
  public void addResizedRow(float[] widened, int a, int b, float wa, float wb, float[] out, int dst, int width) {
    for (int x = 0; x < width; x++) {
      out[dst + x] += wa * widened[a + x] + wb * widened[b + x];
    }
  }

  @Override
  public void divideRow(float[] values, int from, float[] divisors, int at, float[] row, int width) {
    for (int x = 0; x < width; x++) {
      row[x] = values[from + x] / divisors[at + x];
    }
  }

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
