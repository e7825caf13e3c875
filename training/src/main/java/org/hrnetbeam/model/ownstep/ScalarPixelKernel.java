package org.hrnetbeam.model.ownstep;

/** {@link PixelKernel} in plain Java loops (what runs without the Vector API module). */
final class ScalarPixelKernel implements PixelKernel {
  @Override
  public void shiftedSums(float[] x, int len, int c, float[] shift, double[] acc) {
    for (int i = 0; i < len; i += c) {
      for (int ch = 0; ch < c; ch++) {
        double d = x[i + ch] - shift[ch];
        acc[ch] += d;
        acc[c + ch] += d * d;
      }
    }
  }

  @Override
  public void scaleAddRelu(float[] x, float[] residual, int len, int c, float[] scale, float[] offset,
      boolean relu) {
    for (int i = 0; i < len; i += c) {
      for (int ch = 0; ch < c; ch++) {
        float v = scale[ch] * x[i + ch] + offset[ch];
        if (residual != null) {
          v += residual[i + ch];
        }
        x[i + ch] = relu ? Math.max(v, 0f) : v;
      }
    }
  }

  @Override
  public void reluBackwardSums(float[] y, float[] g, float[] z, int len, int c, double[] mean, double[] acc) {
    for (int i = 0; i < len; i += c) {
      for (int ch = 0; ch < c; ch++) {
        float gv = y == null || y[i + ch] > 0f ? g[i + ch] : 0f;
        g[i + ch] = gv;
        acc[ch] += gv;
        acc[c + ch] += gv * (z[i + ch] - mean[ch]);
      }
    }
  }

  @Override
  public void batchNormInputGradient(float[] g, float[] z, int len, int c, float[] mean, float[] k, float[] slope,
      float[] shift) {
    for (int i = 0; i < len; i += c) {
      for (int ch = 0; ch < c; ch++) {
        g[i + ch] = k[ch] * g[i + ch] + slope[ch] * (z[i + ch] - mean[ch]) + shift[ch];
      }
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
