package org.hrnetbeam.model.ownstep;

/**
 * The inner loops of {@link ChannelsLastPasses} over one block of channels-last pixels: {@code len}
 * floats, pixel after pixel, {@code c} channels each. Two implementations give the same bits:
 * {@link ScalarPixelKernel} and the Vector API one ({@link PixelKernels} picks).
 */
interface PixelKernel {
  /**
   * Per channel, adds Σ(x − shift) into {@code acc[ch]} and Σ(x − shift)² into {@code acc[c + ch]} (float64).
   */
  void shiftedSums(float[] x, int len, int c, float[] shift, double[] acc);

  /**
   * {@code x = max(0, scale·x + offset [+ residual])} per channel, in place, or without the max when
   * {@code relu} is false; {@code residual} may be null.
   */
  void scaleAddRelu(float[] x, float[] residual, int len, int c, float[] scale, float[] offset, boolean relu);

  /**
   * {@code g = y > 0 ? g : 0} in place ({@code g} unchanged when {@code y} is null: no ReLU); per channel adds Σg into {@code acc[ch]} and Σg·(z − mean)
   * into {@code acc[c + ch]} (float64).
   */
  void reluBackwardSums(float[] y, float[] g, float[] z, int len, int c, double[] mean, double[] acc);

  /** {@code g = k·g + slope·(z − mean) + shift} per channel, in place. */
  void batchNormInputGradient(float[] g, float[] z, int len, int c, float[] mean, float[] k, float[] slope,
      float[] shift);

  /** "scalar" or "vector N-bit", for benchmark output. */
  String name();
}
